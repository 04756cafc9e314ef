// The Status answers of kube-apiserver's PATCH handler that api/status.ts has no builder for.

import { goQuote } from '../api/go-quote.js';
import { ApiError, type Status, type StatusCause } from '../api/status.js';

function failure(
  code: number,
  reason: string | undefined,
  message: string,
  details?: Status['details'],
): ApiError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code };
  if (reason) status.reason = reason;
  if (details) status.details = details;
  return new ApiError(status);
}

/**
 * A json patch that decoded but could not be applied. patch.go wraps the json-patch error in
 * NewGenericServerResponse(422, ..., isUnexpectedResponse=false), which drops the error text.
 */
export function jsonPatchNotApplicable(): ApiError {
  return failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

/** The handler's own media type check (negotiation.NewUnsupportedMediaTypeError), used for custom resources. */
export function unsupportedPatchType(accepted: readonly string[]): ApiError {
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

/**
 * go-restful's answer when no route of a built-in resource consumes the Content-Type; the apiserver's
 * ServiceErrorHandler wraps it in NewGenericServerResponse, which keeps the message for 415.
 */
export function routeUnsupportedMediaType(): ApiError {
  return failure(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {});
}

/** A strategic merge patch error that patch.go's interpretStrategicMergePatchError does not map: a plain 500. */
export function unknownServerError(message: string): ApiError {
  return failure(500, undefined, message);
}

/** errors.NewInvalid(schema.GroupKind{}, "", [field.Invalid("patch", patchedJSON, detail)]) of patch.go. */
export function patchedObjectUndecodable(patchedJson: string, detail: string): ApiError {
  const body = `Invalid value: ${goQuote(patchedJson)}: ${detail}`;
  const cause: StatusCause = { reason: 'FieldValueInvalid', message: body, field: 'patch' };
  return failure(422, 'Invalid', ` "" is invalid: patch: ${body}`, { causes: [cause] });
}
