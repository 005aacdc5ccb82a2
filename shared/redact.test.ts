import { describe, expect, it } from 'vitest';
import {
  collectAnswerSecrets,
  createLineRedactor,
  kubeconfigSecrets,
  redactAnswers,
  redactKubeconfigYaml,
  redactText,
  secretVariants,
} from './redact.js';
import { PATTERN_RULES } from './redact/patterns.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const PASS = 'S3cr3t!p@ss/w0rd';

describe('redactText: shapes', () => {
  const cases: [string, string, string][] = [
    ['proxy URL credentials', 'HTTP_PROXY=http://alice:hunter2@proxy.corp:8080/', 'HTTP_PROXY=http://alice:***@proxy.corp:8080/'],
    ['https URL credentials', 'fetching https://u:p%40ss@mirror.example/x', 'fetching https://u:***@mirror.example/x'],
    ['token-only user info', 'git clone https://ghp_abcdef123456@github.com/o/r', 'git clone https://***@github.com/o/r'],
    [
      'URL without credentials is kept',
      'GET https://dl.k8s.io/v1.9.1/kubernetes-node-windows-amd64.tar.gz',
      'GET https://dl.k8s.io/v1.9.1/kubernetes-node-windows-amd64.tar.gz',
    ],
    [
      'bearer header',
      'I0307 round_trippers.go:386] curl -k -v -XGET  -H "Authorization: Bearer abcdef.0123456789abcdef" https://10.1.2.3:6443/api',
      'I0307 round_trippers.go:386] curl -k -v -XGET  -H "Authorization: Bearer ***" https://10.1.2.3:6443/api',
    ],
    ['basic header', 'Proxy-Authorization: Basic YWxpY2U6aHVudGVyMg==', 'Proxy-Authorization: Basic ***'],
    ['JSON header', '{"Authorization":["Bearer sometokenvalue12"]}', '{"Authorization":["Bearer ***"]}'],
    ['kubeconfig key in YAML', '    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=', '    client-key-data: ***'],
    ['token key', '    token: 0123456789abcdef.deadbeefcafebabe', '    token: ***'],
    ['password key, quoted with spaces', 'password: "correct horse"', 'password: "***"'],
    ['JSON-escaped quoted value with spaces', '{"line":"password: \\"correct horse\\" ok"}', '{"line":"password: \\"***\\" ok"}'],
    ['JSON key', '{"token":"abc.def.ghi","user":"x"}', '{"token":"***","user":"x"}'],
    ['JSON-escaped key inside a journal line', '{"line":"{\\"password\\":\\"hunter22\\"}"}', '{"line":"{\\"password\\":\\"***\\"}"}'],
    ['flag', 'kubectl --token=abcdef0123 get nodes', 'kubectl --token=*** get nodes'],
    ['JWT anywhere', 'id eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl end', 'id *** end'],
    [
      'one-line PEM',
      'x -----BEGIN RSA PRIVATE KEY-----MIIEow...-----END RSA PRIVATE KEY----- y',
      'x -----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY----- y',
    ],
    [
      'client-certificate-data is public',
      'client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
      'client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
    ],
    ['tokenFile path is not a secret', 'tokenFile: C:\\k\\token.txt', 'tokenFile: C:\\k\\token.txt'],
    [
      'ordinary prose',
      'Adding route for Remote Pod CIDR 192.168.1.0/24, GW 192.168.1.1',
      'Adding route for Remote Pod CIDR 192.168.1.0/24, GW 192.168.1.1',
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => expect(redactText(input)).toBe(expected));
  }

  it("finds each rule's trigger in every match of the rule (lines without a trigger skip the rules)", () => {
    let matches = 0;
    for (const rule of PATTERN_RULES) {
      const trigger = new RegExp(rule.trigger, 'i');
      for (const [, input] of cases)
        for (const m of input.matchAll(new RegExp(rule.re.source, rule.re.flags.includes('g') ? rule.re.flags : `${rule.re.flags}g`))) {
          matches++;
          expect(trigger.test(m[0]), `${rule.name} in ${input}`).toBe(true);
        }
    }
    expect(matches).toBeGreaterThanOrEqual(PATTERN_RULES.length);
  });

  it('keeps a redacted journal line valid JSON', () => {
    const line = JSON.stringify({
      type: 'step.output',
      line: 'Authorization: Bearer abcdefgh12345678 and http://u:p@h:1 token: "zzzzzzzz"',
    });
    const out = redactText(line);
    expect(() => JSON.parse(out)).not.toThrow();
    expect(out).not.toMatch(/abcdefgh12345678|u:p@|zzzzzzzz/);
  });

  it('keeps JSON whose secret keys hold null, true or false valid, and still masks a real value', () => {
    const text = JSON.stringify({ join: { token: null, secret: false }, password: true, apiKey: 'k-12345678' }, null, 2);
    const out = redactText(text);
    expect(JSON.parse(out)).toEqual({ join: { token: null, secret: false }, password: true, apiKey: '***' });
  });

  it('is idempotent', () => {
    const once = redactText('token: abcdefgh http://a:b@h:1 Bearer 0123456789abcdef');
    expect(redactText(once)).toBe(once);
  });
});

describe('redactText: known secret values in every encoding', () => {
  const forms: [string, string][] = [
    ['plain', `echo ${PASS}`],
    ['URL-encoded', `url=${encodeURIComponent(PASS)}`],
    ['lower-case URL-encoded', `url=${encodeURIComponent(PASS).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`],
    ['form-encoded', `a=${encodeURIComponent(PASS + ' x').replace(/%20/g, '+')}`],
    ['JSON-escaped', JSON.stringify({ v: `he said "${PASS}"` })],
    ['base64', `blob ${b64(PASS)}`],
    ['base64 without padding', `blob ${b64(PASS).replace(/=+$/, '')}`],
    ['base64url', `blob ${b64(PASS).replace(/\+/g, '-').replace(/\//g, '_')}`],
    ['base64 of user:password (offset 1)', `X-Auth: ${b64('bob:' + PASS)}`],
    ['base64 at offset 2', `X ${b64('ab' + PASS + 'tail')}`],
  ];
  for (const [name, text] of forms) {
    it(name, () => {
      const out = redactText(text, [PASS]);
      expect(out).toContain('***');
      for (const v of [PASS, encodeURIComponent(PASS), b64(PASS).slice(0, 16)]) expect(out).not.toContain(v);
    });
  }

  it('ignores secrets too short to remove safely, and empty lists', () => {
    expect(redactText('a b c', ['b'])).toBe('a b c');
    expect(redactText('nothing here', [])).toBe('nothing here');
    expect(secretVariants('ab')).toEqual([]);
  });

  it('treats regex metacharacters in a secret literally', () => {
    expect(redactText('x a.*b y', ['a.*b'])).toBe('x *** y');
    expect(redactText('x aXXb y', ['a.*b'])).toBe('x aXXb y');
  });

  it('handles hostile unicode secrets', () => {
    const s = 'пароль🔑秘密';
    expect(redactText(`p=${s} e=${encodeURIComponent(s)} b=${b64(s)}`, [s])).toBe('p=*** e=*** b=***');
  });
});

describe('LineRedactor: streaming', () => {
  it('masks a multi-line PEM key across lines', () => {
    const r = createLineRedactor();
    const lines = ['before', '-----BEGIN EC PRIVATE KEY-----', 'MHcCAQEEIHk', 'oAoGCCqGSM49', '-----END EC PRIVATE KEY-----', 'after'].map(
      (l) => r.line(l),
    );
    expect(lines).toEqual(['before', '-----BEGIN EC PRIVATE KEY-----', '***', '***', '-----END EC PRIVATE KEY-----', 'after']);
  });

  it('lines() gives what line() gives one by one, skipping only lines no rule or known value can change', () => {
    const texts = [
      'I0101 00:00:00.000000    42 kubelet.go:1871] SyncLoop (housekeeping) 1',
      'kubectl --TOKEN=abcdef0123 get nodes',
      'Proxy-Authorization: Basic YWxpY2U6aHVudGVyMg==',
      'HTTP_PROXY=http://alice:hunter2@proxy.corp:8080/',
      '',
      'id eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl end',
      '-----BEGIN EC PRIVATE KEY-----',
      'MHcCAQEEIHk plain-looking key body',
      '-----END EC PRIVATE KEY-----',
      `pw ${PASS} and ${b64('bob:' + PASS)}`,
      '{"line":"{\\"api_key\\":\\"hunter22\\"}"}',
      'x -----BEGIN RSA PRIVATE KEY-----MIIEow...-----END RSA PRIVATE KEY----- y',
      'Adding route for Remote Pod CIDR 192.168.1.0/24',
    ];
    const oneByOne = createLineRedactor([PASS]);
    const expected = texts.map((t) => oneByOne.line(t));
    expect(expected.filter((t, i) => t !== texts[i])).toHaveLength(8);
    // In one batch, and split so that a PEM key crosses batches.
    expect(createLineRedactor([PASS]).lines(texts)).toEqual(expected);
    const split = createLineRedactor([PASS]);
    expect([...split.lines(texts.slice(0, 7)), ...split.lines(texts.slice(7))]).toEqual(expected);
  });

  it("lines() finds triggers at a slice's edges and several in one line, searching for each trigger on its own", () => {
    const texts = [
      'token=abcdef0123',
      'plain',
      'x',
      'a bearer abcdefgh123 and https://u:p@h/ and password=zz',
      'plain',
      `ends with ${PASS}`,
    ];
    const oneByOne = createLineRedactor([PASS]);
    const expected = texts.map((t) => oneByOne.line(t));
    expect(expected.filter((t, i) => t !== texts[i])).toHaveLength(3);
    expect(createLineRedactor([PASS]).lines(texts)).toEqual(expected);
  });

  it('gives the same result as redactText on the whole text', () => {
    const text = ['token: aaaaaaaa', '-----BEGIN PRIVATE KEY-----', 'xyz', '-----END PRIVATE KEY-----', `pw ${PASS}`].join('\n');
    const r = createLineRedactor([PASS]);
    expect(
      text
        .split('\n')
        .map((l) => r.line(l))
        .join('\n'),
    ).toBe(redactText(text, [PASS]));
  });
});

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: Q0FDRVJU
    server: https://10.1.2.3:6443
  name: kubernetes
users:
- name: admin
  user:
    client-certificate-data: Q0xJRU5UQ0VSVA==
    client-key-data: S0VZREFUQVNFQ1JFVDEyMzQ1Ng==
- name: bot
  user:
    token: tok-0123456789abcdef
- name: basic
  user:
    username: admin
    password: pw-verysecret
- name: oidc
  user:
    auth-provider:
      name: oidc
      config:
        client-secret: oidc-client-secret-1
        id-token: eyJhbGciOi.eyJzdWIi.c2ln
- name: exec
  user:
    exec:
      command: aws
      args: ["eks", "get-token", "--cluster-name", "prod", "ExecArgumentSecretValue42"]
      env:
      - name: AWS_SECRET
        value: env-secret-value-77
`;

describe('kubeconfig', () => {
  it('masks every credential and keeps the rest', () => {
    const out = redactKubeconfigYaml(KUBECONFIG);
    for (const secret of [
      'S0VZREFUQVNFQ1JFVDEyMzQ1Ng',
      'tok-0123456789abcdef',
      'pw-verysecret',
      'oidc-client-secret-1',
      'eyJhbGciOi',
      'env-secret-value-77',
      'ExecArgumentSecretValue42',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('server: https://10.1.2.3:6443');
    expect(out).toContain('client-certificate-data: Q0xJRU5UQ0VSVA==');
    expect(out).toContain('username: admin');
  });

  it('lists the secret values, but not short exec words', () => {
    const secrets = kubeconfigSecrets(KUBECONFIG);
    expect(secrets).toEqual(
      expect.arrayContaining([
        'S0VZREFUQVNFQ1JFVDEyMzQ1Ng==',
        'tok-0123456789abcdef',
        'pw-verysecret',
        'oidc-client-secret-1',
        'env-secret-value-77',
        'ExecArgumentSecretValue42',
      ]),
    );
    expect(secrets).not.toContain('eks');
    expect(secrets).not.toContain('Q0xJRU5UQ0VSVA==');
  });

  it('falls back to line rules for text that is not YAML', () => {
    const out = redactKubeconfigYaml('users: [\n  client-key-data: QUFBQUFBQUFB\n');
    expect(out).not.toContain('QUFBQUFBQUFB');
    expect(kubeconfigSecrets('users: [')).toEqual([]);
  });
});

describe('answers', () => {
  const answers = {
    version: 1,
    cluster: { kubeconfigPath: 'C:\\k\\config' },
    proxy: { http: `http://alice:${encodeURIComponent(PASS)}@proxy:3128`, https: { fromEnv: 'HTTPS_PROXY_URL' }, noProxy: [] },
    network: { masterIp: '10.1.2.3' },
  };

  it('collects the proxy password in the forms it is used', () => {
    const secrets = collectAnswerSecrets(answers, ['resolved-from-file']);
    expect(secrets).toEqual(expect.arrayContaining([PASS, encodeURIComponent(PASS), 'resolved-from-file']));
    // The user name is no secret: a log keeps http://alice:***@proxy.
    expect(secrets.some((s) => s.includes('alice'))).toBe(false);
    expect(collectAnswerSecrets({ proxy: { http: 'http://proxy:3128' } })).toEqual([]);
    expect(collectAnswerSecrets(null)).toEqual([]);
  });

  it('masks credentials, keeps references and other fields', () => {
    const out = redactAnswers(answers, ['resolved-from-file']);
    expect(out.proxy.http).toBe('http://alice:***@proxy:3128');
    expect(out.proxy.https).toEqual({ fromEnv: 'HTTPS_PROXY_URL' });
    expect(out.network.masterIp).toBe('10.1.2.3');
    expect(JSON.stringify(out)).not.toContain(encodeURIComponent(PASS));
    expect(answers.proxy.http).toContain('alice');
  });
});

describe('the bootstrap token', () => {
  const token = 'k7q2xz.p9w4m1r8t6y3u5e0';

  it('masks the whole token and its secret half wherever they appear; the public id stays readable', () => {
    expect(collectAnswerSecrets({ join: { token } })).toEqual([token, 'p9w4m1r8t6y3u5e0']);
    const out = redactAnswers({ join: { token }, note: `kubeadm join 10.1.2.3:6443 --token ${token}; secret p9w4m1r8t6y3u5e0` });
    expect(JSON.stringify(out)).not.toContain('p9w4m1r8t6y3u5e0');
    expect(out.note).toContain('kubeadm join 10.1.2.3:6443 --token');
    expect(redactText(`token id k7q2xz expires`, collectAnswerSecrets({ join: { token } }))).toContain('k7q2xz');
  });

  it('keeps a token reference as a reference', () => {
    expect(redactAnswers({ join: { token: { fromEnv: 'JOIN_TOKEN' } } }).join.token).toEqual({ fromEnv: 'JOIN_TOKEN' });
  });
});
