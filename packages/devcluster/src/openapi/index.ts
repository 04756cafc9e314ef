export { crdDefinitionName } from './crd-openapi.js';
export type { FieldPatchMeta } from './generated-spec.js';
export { handleOpenApiRequest, type OpenApiResponse } from './handle-openapi-request.js';
export { openApiV2 } from './openapi-v2.js';
export { definitionForKind, fieldPatchMeta } from './patch-meta.js';
export { openApiV3Document, openApiV3Index } from './served-documents.js';
