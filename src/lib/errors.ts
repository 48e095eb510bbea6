/**
 * The one error path: handlers and middleware throw an ApiError; `onError` in src/app.ts writes
 * its body. Bodies and texts follow ephios (Django REST framework) so clients see what they know.
 */
export type FieldErrors = Record<string, string[]>;

/** An object, or a bare list of messages (DRF's answer to a ValidationError raised outside a serializer). */
export type ErrorBody = Record<string, unknown> | string[];

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 412 | 413 | 415 | 429,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(ApiError.detailOf(body) ?? JSON.stringify(body));
    this.name = "ApiError";
  }

  /** The `detail` text of a body that has one. */
  get detail(): string | undefined {
    return ApiError.detailOf(this.body);
  }

  private static detailOf(body: ErrorBody): string | undefined {
    return !Array.isArray(body) && typeof body.detail === "string" ? body.detail : undefined;
  }
}

export const notAuthenticated = () => new ApiError(403, { detail: "Authentication credentials were not provided." });

export const permissionDenied = () => new ApiError(403, { detail: "You do not have permission to perform this action." });

/** `model` names the object as ephios does ("No Event matches the given query."); omit for "Not found.". */
export const notFound = (model?: string) =>
  new ApiError(404, { detail: model ? `No ${model} matches the given query.` : "Not found." });

export const methodNotAllowed = (method: string) => new ApiError(405, { detail: `Method "${method}" not allowed.` });

/** 400 with DRF's field-keyed body: `{"field": ["message", ...]}`. */
export const validationError = (errors: FieldErrors) => new ApiError(400, errors);

export const badRequest = (detail: string) => new ApiError(400, { detail });

/** DRF's Throttled text, singular for one second as its ngettext has it. */
export const tooManyRequests = (retryAfterSeconds: number) =>
  new ApiError(
    429,
    { detail: retryAfterSeconds === 1 ? `Request was throttled. Expected available in ${retryAfterSeconds} second.` : `Request was throttled. Expected available in ${retryAfterSeconds} seconds.` },
    { "Retry-After": String(retryAfterSeconds) },
  );
