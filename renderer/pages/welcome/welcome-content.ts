/** What a user should have ready before starting, in the order the pages ask for it. */
import type { RecipeId } from '../../../shared/answers.js';

export const WELCOME_NEEDS = ['admin', 'kubeconfig', 'joinCommand', 'masterIp', 'cidrs', 'proxy'] as const;
export type WelcomeNeed = (typeof WELCOME_NEEDS)[number];

/**
 * The list for the recipe, once the connection test has chosen one; before
 * that, every item (each says which clusters it is for).
 */
export function welcomeNeeds(recipe: RecipeId | null): readonly WelcomeNeed[] {
  if (recipe === 'containerd-kubeadm') return WELCOME_NEEDS.filter((n) => n !== 'masterIp');
  if (recipe === 'docker-sdn') return WELCOME_NEEDS.filter((n) => n !== 'joinCommand');
  return WELCOME_NEEDS;
}

/** Keys of an item: the admin line names the Windows builds of the recipe. */
export function welcomeNeedKey(need: WelcomeNeed, recipe: RecipeId | null): string {
  return need === 'admin' && recipe ? `pages.welcome.needs.admin_${recipe}` : `pages.welcome.needs.${need}`;
}
