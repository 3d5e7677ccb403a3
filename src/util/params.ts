/** Language-neutral values a sentence is built from (warnings, optimizations): names, numbers, identifiers. */
export type TextParams = Record<string, string | number>;

/** The params without their undefined entries (so JSON and equality never see them). */
export function definedParams(params: object): TextParams {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as TextParams;
}
