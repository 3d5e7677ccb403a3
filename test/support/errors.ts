import { describeError } from '../../src/errors.js';

/** The one line a user would see for the error `fn` throws (message and hint); fails if it does not throw. */
export function errorLine(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return describeError(err);
  }
  throw new Error('expected the call to throw');
}
