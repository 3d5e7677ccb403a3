/** JSON-RPC errors for resources and prompts (tool failures are results with isError instead). */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

/** MCP spec: reading a resource that does not exist. */
export const RESOURCE_NOT_FOUND = -32002;

/**
 * An McpError whose message is sent as is: McpError prefixes "MCP error <code>: ", and the client
 * adds the same prefix again when it rebuilds the error.
 */
export class KcarbonMcpError extends McpError {
  constructor(code: number, message: string, data?: unknown) {
    super(code, message, data);
    this.message = message;
  }
}

export function resourceNotFound(uri: string, message: string): KcarbonMcpError {
  return new KcarbonMcpError(RESOURCE_NOT_FOUND, `Resource not found: ${message}`, { uri });
}

export function internalError(message: string, data?: unknown): KcarbonMcpError {
  return new KcarbonMcpError(ErrorCode.InternalError, message, data);
}

export function invalidParams(message: string): KcarbonMcpError {
  return new KcarbonMcpError(ErrorCode.InvalidParams, message);
}
