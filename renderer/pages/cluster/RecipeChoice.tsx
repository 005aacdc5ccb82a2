/**
 * The recipe the connection test proposes for this cluster, and the one
 * sentence why; the admin may switch only to a recipe that can work (the
 * others show the policy's reason and stay disabled).
 */
import { useTranslation } from 'react-i18next';
import type { CallResponse } from '../../../shared/ipc/contract.js';
import { useDraftStore } from '../../state/answers-store.js';

export function RecipeChoice({ probe }: { probe: CallResponse<'cluster:probe'> }) {
  const { t } = useTranslation();
  const recipe = useDraftStore((s) => s.draft.recipe);
  const setRecipe = useDraftStore((s) => s.setRecipe);
  const touch = useDraftStore((s) => s.touch);
  if (!probe.proposedRecipe) return null;
  return (
    <fieldset className="recipe-choice">
      <legend>{t('pages.cluster.recipe.title')}</legend>
      <p className="hint">{t(`pages.cluster.recipe.why.${probe.proposedRecipe}`, { version: probe.serverVersion ?? '' })}</p>
      {probe.recipes.map((option) => (
        <div key={option.id} className="choice-block">
          <label className="choice">
            <input
              type="radio"
              name="recipe"
              value={option.id}
              checked={recipe === option.id}
              disabled={!option.works}
              aria-describedby={`recipe-${option.id}-explain`}
              onChange={() => {
                touch('recipe');
                setRecipe(option.id);
              }}
            />
            {t(`recipes.${option.id}.label`)}
            {option.id === probe.proposedRecipe && <span className="badge">{t('pages.cluster.recipe.proposed')}</span>}
          </label>
          <p className="hint" id={`recipe-${option.id}-explain`}>
            {option.works
              ? t(`recipes.${option.id}.explain`)
              : t([`pages.cluster.recipe.cannot.${option.reasonKey?.split('.').pop() ?? ''}`, option.reasonKey ?? ''], option.params)}
          </p>
        </div>
      ))}
    </fieldset>
  );
}
