/**
 * The recipe the connection test proposes for this cluster, and the one
 * sentence why; the admin may switch only to a recipe that can work (the
 * others show the policy's reason and stay disabled).
 */
import { Badge } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import type { CallResponse } from '../../../shared/ipc/contract.js';
import { useDraftStore } from '../../state/answers-store.js';

export function RecipeChoice({ probe }: { probe: CallResponse<'cluster:probe'> }) {
  const { t } = useTranslation();
  const recipe = useDraftStore((s) => s.draft.recipe);
  const setRecipe = useDraftStore((s) => s.setRecipe);
  const touch = useDraftStore((s) => s.touch);
  if (!probe.proposedRecipe) return null;
  return (
    <ChoiceGroup
      className="recipe-choice"
      label={t('pages.cluster.recipe.title')}
      hint={t(`pages.cluster.recipe.why.${probe.proposedRecipe}`, { version: probe.serverVersion ?? '' })}
      value={recipe}
      choices={probe.recipes.map((option) => ({
        value: option.id,
        disabled: !option.works,
        label: (
          <>
            {t(`recipes.${option.id}.label`)}
            {option.id === probe.proposedRecipe && (
              <Badge appearance="outline" color="brand" className="recipe-badge">
                {t('pages.cluster.recipe.proposed')}
              </Badge>
            )}
          </>
        ),
        explain: option.works
          ? t(`recipes.${option.id}.explain`)
          : t([`pages.cluster.recipe.cannot.${option.reasonKey?.split('.').pop() ?? ''}`, option.reasonKey ?? ''], option.params),
      }))}
      onChange={(id) => {
        touch('recipe');
        setRecipe(id);
      }}
    />
  );
}
