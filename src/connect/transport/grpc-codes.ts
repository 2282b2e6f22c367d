/**
 * gRPC status codes (the protocol's numbering) and how HTTP/2 failures that carry
 * no gRPC status map onto them, following the gRPC over HTTP/2 specification.
 */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

const NAMES = new Map<number, string>(Object.entries(GrpcStatus).map(([name, code]) => [code, name]));

/** `UNAVAILABLE` for 14; `code 99` for a number the protocol does not define. */
export function grpcCodeName(code: number): string {
  return NAMES.get(code) ?? `code ${code}`;
}

/** The status of a response whose HTTP status is not 200 (a proxy or a non-gRPC server answered). */
export function statusFromHttp(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return GrpcStatus.INTERNAL;
    case 401:
      return GrpcStatus.UNAUTHENTICATED;
    case 403:
      return GrpcStatus.PERMISSION_DENIED;
    case 404:
      return GrpcStatus.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return GrpcStatus.UNAVAILABLE;
    default:
      return GrpcStatus.UNKNOWN;
  }
}

/** The status of a stream the server reset (RST_STREAM) before sending trailers. */
export function statusFromReset(rstCode: number): number {
  switch (rstCode) {
    case 7: // REFUSED_STREAM: the server never started it, so it is safe to try again
      return GrpcStatus.UNAVAILABLE;
    case 8: // CANCEL
      return GrpcStatus.CANCELLED;
    case 11: // ENHANCE_YOUR_CALM
      return GrpcStatus.RESOURCE_EXHAUSTED;
    case 12: // INADEQUATE_SECURITY
      return GrpcStatus.PERMISSION_DENIED;
    default:
      return GrpcStatus.INTERNAL;
  }
}
