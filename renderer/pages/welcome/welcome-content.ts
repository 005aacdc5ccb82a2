/** What a user should have ready before starting, in the order the pages ask for it. */
export const WELCOME_NEEDS = ['admin', 'kubeconfig', 'masterIp', 'cidrs', 'proxy'] as const;
