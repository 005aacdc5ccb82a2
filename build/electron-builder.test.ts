/**
 * The installer configuration, loaded and validated by electron-builder's own
 * code (app-builder-lib's getConfig and validateConfiguration, the calls
 * `electron-builder --config` makes before packaging), plus the choices
 * WinJoin depends on. No packaging happens: NSIS cannot run here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const configFile = path.join(root, 'build', 'electron-builder.yml');
let config: Configuration;

beforeAll(async () => {
  config = await getConfig(root, configFile, null);
});

describe('build/electron-builder.yml', () => {
  it("passes electron-builder's schema validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is really checked: a misspelt option fails the same validation', async () => {
    const broken = { ...config, nsis: { ...config.nsis, oneClik: false } } as Configuration;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/configuration\.nsis/);
  });

  it('builds an x64 NSIS installer for all users that always runs elevated', () => {
    expect(config.appId).toBe('com.winjoin.app');
    expect(config.productName).toBe('WinJoin');
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.win?.requestedExecutionLevel).toBe('requireAdministrator');
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, allowElevation: true, deleteAppDataOnUninstall: false });
    // docs/unattended.md and docs/installer.md name the file WinJoin-Setup-<version>.exe.
    expect(config.nsis?.artifactName).toBe('${productName}-Setup-${version}.${ext}');
  });

  it('packs the bundles into asar and ships no node_modules and no source maps', () => {
    expect(config.asar).toBe(true);
    // electron-builder normalises the list into file sets; the patterns are their filters.
    const patterns = (config.files as { filter?: string[] }[]).flatMap((set) => set.filter ?? []);
    expect(patterns).toEqual(
      expect.arrayContaining(['package.json', 'dist/electron/**', 'dist/renderer/**', '!**/*.map', '!node_modules{,/**/*}']),
    );
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/electron/main.cjs');
  });

  it('ships the step scripts without their tests, from folders that exist', () => {
    const resources = config.extraResources as { from: string; to: string; filter: string[] }[];
    const scripts = resources.find((r) => r.to === 'powershell');
    expect(scripts?.from).toBe('electron/powershell');
    expect(fs.existsSync(path.join(root, scripts!.from))).toBe(true);
    expect(scripts?.filter).toEqual(expect.arrayContaining(['!tests/**', '!**/*.Tests.ps1']));
    expect(resources).toHaveLength(1);
  });

  it('closes the Electron fuses an elevated app must not leave open', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('holds no signing secret: the certificate and password come from the environment', () => {
    const text = fs.readFileSync(configFile, 'utf8');
    expect(config.win?.cscLink).toBeUndefined();
    expect(config.win?.cscKeyPassword).toBeUndefined();
    expect(config.win?.signtoolOptions?.certificatePassword).toBeUndefined();
    expect(config.win?.signtoolOptions?.certificateFile).toBeUndefined();
    expect(text).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificatePassword|certificateFile|certificateSha1)\s*:/m);
  });

  it('has icons Windows can use: a 256 px PNG and an ICO holding 256, 48, 32 and 16 px images', () => {
    const png = fs.readFileSync(path.join(root, 'build', 'icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([256, 256]);

    const ico = fs.readFileSync(path.join(root, config.win!.icon as string));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes.sort((a, b) => b - a)).toEqual([256, 48, 32, 16]);
    for (let i = 0; i < count; i++) {
      const size = ico.readUInt32LE(6 + 16 * i + 8);
      const offset = ico.readUInt32LE(6 + 16 * i + 12);
      expect(offset + size).toBeLessThanOrEqual(ico.length);
    }
  });
});
