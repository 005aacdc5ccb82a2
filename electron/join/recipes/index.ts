/** The recipes by answer-file name; the engine plans with the one the answers choose. */
import type { RecipeId } from '../../../shared/answers.js';
import type { Recipe } from '../types.js';
import { containerdKubeadmRecipe } from './containerd-kubeadm.js';
import { dockerSdnRecipe } from './docker-sdn.js';

export const RECIPE_PLANS: Record<RecipeId, Recipe> = {
  'docker-sdn': dockerSdnRecipe,
  'containerd-kubeadm': containerdKubeadmRecipe,
};

export const recipeOfAnswers: Recipe = (answers, context) => RECIPE_PLANS[answers.recipe](answers, context);
