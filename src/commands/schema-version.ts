/**
 * The version of the JSON envelope every command's result carries (bumped when a key moves or changes meaning).
 * 2: the metrics info moved from `data_used.metrics` (assess, compare, list, regions, schedule) to a top-level
 * `metrics` on every command (null where no metrics were read), every command gained `command` and `data_used`,
 * lists held as text became arrays, and numbers are rounded to one precision per unit (src/util/round.ts).
 * A module of its own so that the failure report of a run that never loaded a command can name it.
 */
export const SCHEMA_VERSION = '2';
