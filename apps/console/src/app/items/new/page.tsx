import { ItemOnboarding } from '@/components/item-onboarding';
import { requireSession } from '@/lib/auth';

export const dynamic = 'force-dynamic';

/** Onboard an item: the form, then its features and warm-up live, then whether and where it ranks. */
export default async function NewItemPage() {
  await requireSession({ from: '/items/new' });
  return (
    <>
      <h2>New item</h2>
      <p className="subtitle">Describe it and give it an image: its features are computed and the serving model places it, so recommendations can include it without retraining.</p>
      <ItemOnboarding />
    </>
  );
}
