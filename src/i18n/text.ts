/** Sentences of the command tables and standard names in the current language (catalogue sections). */
import { localized } from './index.js';
import { STANDARDS_EN, TEXT_EN } from './messages.js';

export const TEXT = localized('text', TEXT_EN);
export const STANDARD_NAMES = localized('standards', STANDARDS_EN);
