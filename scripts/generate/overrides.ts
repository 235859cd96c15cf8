/**
 * The hand-kept tables, each checked against the binary's output on every run: an entry that
 * no longer applies fails the generation, so none can go stale silently.
 *
 * @module
 */

/**
 * Response types the schema cannot tell us: the binary's JSON Schema lists each client request's
 * params but omits its response type (the Rust macro that pairs them, `client_request_definitions!`
 * in codex-rs/app-server-protocol/src/protocol/common.rs, is not exported). Most pairs follow
 * `<X>Params` -> `<X>Response`; these do not. The generator fails if an entry names a type the
 * binary lacks, if an entry's method exists in neither surface, if an entry merely repeats the
 * default rule, or if any request ends without a response type (and if a `*Response` type is
 * left unclaimed, which usually means a new method needs an entry here).
 */
export const RESPONSE_OVERRIDES: Readonly<Record<string, string>> = {
  "account/gatewayOAuth/cancel": "GatewayOAuthCancelResponse",
  "account/logout": "LogoutAccountResponse",
  "account/securitySetup/read": "GetAccountSecuritySetupResponse",
  "account/workspaceMessages/read": "GetWorkspaceMessagesResponse",
  "config/batchWrite": "ConfigWriteResponse",
  "config/mcpServer/reload": "McpServerRefreshResponse",
  "config/value/write": "ConfigWriteResponse",
  "configRequirements/read": "ConfigRequirementsReadResponse",
  "externalAgentConfig/import/readHistories": "ExternalAgentConfigImportHistoriesReadResponse",
  // 0.171.0 answers it as a config write (`{ status, version, filePath, overriddenMetadata }`,
  // observed on the wire); the schema has no ModelProviderDefaultSetResponse.
  "modelProvider/default/set": "ConfigWriteResponse",
  "windowsSandbox/readiness": "WindowsSandboxReadinessResponse",
  // Experimental surface only.
  "accountSession/list": "AccountSessionsResponse",
  "memory/reset": "MemoryResetResponse",
  "remoteControl/status/read": "RemoteControlStatusReadResponse",
  "rollout/compress": "RolloutCompressResponse",
};

/**
 * ts-rs root types whose name is also used, with a different body, in `v2/`. The v2 type keeps
 * the name (it is the app-server API); the root one (a codex-core type) gets this name. The
 * generator fails on a collision missing here and on an entry that no longer collides.
 */
export const ROOT_TYPE_RENAMES: Readonly<Record<string, string>> = {
  // The Responses API's own web-search action (snake_case tags); the JSON Schema calls it this.
  WebSearchAction: "ResponsesApiWebSearchAction",
  // The core session source, used only by the deprecated v1 `ConversationSummary`.
  SessionSource: "CoreSessionSource",
};

/**
 * ts-rs envelope unions: read for their method lists (see `surface.ts`), not emitted as types,
 * since `methods.ts` derives the same unions from the method tables.
 */
export const ENVELOPE_TS_TYPES: ReadonlySet<string> = new Set([
  "ClientNotification",
  "ClientRequest",
  "ServerNotification",
  "ServerNotificationEnvelope",
  "ServerRequest",
]);
