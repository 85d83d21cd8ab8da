export default async function globalTeardown(): Promise<void> {
  const state = (
    globalThis as { gridcellTestServices?: { drop?: () => Promise<void>; embedded?: { kill(): boolean } } }
  ).gridcellTestServices;
  if (!state) return;
  delete (globalThis as { gridcellTestServices?: unknown }).gridcellTestServices;
  state.embedded?.kill();
  await state.drop?.();
}
