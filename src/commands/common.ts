/** Input fields shared by several commands (same names as the original MCP tools' parameters). */
import { z } from 'zod';

export const namespaceInput = z
  .string()
  .min(1)
  .optional()
  .describe('Kubernetes namespace to look at; omit for all namespaces');
