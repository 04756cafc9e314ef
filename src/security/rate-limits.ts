import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { AuditLog } from './audit-log.js';
import {
  type BurstLimit,
  BurstRateLimiter,
  counter,
  type LimitDecision,
  MEMORY_BACKEND,
  type RateLimitBackend,
} from './burst-rate-limiter.js';
import { sendRefusal } from './refusals.js';
import { PROBE_PATHS, pathMatcher } from './request-paths.js';

interface SharedOptions {
  readonly backend?: RateLimitBackend;
  /** Records `rate_limit_exceeded`. */
  readonly audit?: Pick<AuditLog, 'record'>;
}

export interface IpRateLimitOptions extends SharedOptions, BurstLimit {
  readonly clientIp: (req: Request) => string;
  /** The MCP endpoint(s): refusals there are JSON-RPC errors, elsewhere OAuth errors. */
  readonly mcpPaths: readonly string[];
  /**
   * OAuth protects the MCP endpoint: a request there with a bearer token is counted by the per-user
   * limit after the bearer check instead. Only a token refused with 401 costs its IP a request.
   */
  readonly bearerAuthentication: boolean;
  /** Never limited. Default: the health and readiness probes. */
  readonly exemptPaths?: readonly string[];
}

export interface UserRateLimitOptions extends SharedOptions, BurstLimit {}

export interface RegistrationRateLimitOptions extends SharedOptions {
  /** Registration attempts one IP may make per minute; 0 disables. */
  readonly perMinute: number;
  readonly clientIp: (req: Request) => string;
}

type Limited = Extract<LimitDecision, { allowed: false }>;

const pass: RequestHandler = (_req, _res, next) => next();

function retryAfterSeconds(decision: Limited): number {
  return Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
}

function refuse(res: Response, shape: 'oauth' | 'json-rpc', decision: Limited, description: string): void {
  const seconds = retryAfterSeconds(decision);
  sendRefusal(res, shape, {
    status: 429,
    oauthError: 'temporarily_unavailable',
    description: `${description}; retry after ${seconds} s`,
    headers: { 'Retry-After': String(seconds) },
  });
}

function describeLimit(limit: BurstLimit): string {
  return `${limit.ratePerSecond}/s, burst ${limit.burst}`;
}

function hasBearerToken(req: Request): boolean {
  return /^bearer\s/i.test(req.headers.authorization ?? '');
}

/**
 * The per-IP limit: every request except the probes, and except bearer-carrying requests to the MCP
 * endpoint when OAuth protects it (the per-user limit counts those). A flood of made-up tokens is not
 * exempt: each one the bearer check refuses is counted against its IP, and an IP over its limit is
 * refused before its tokens are even looked at. Pass 0 as the rate to turn it off.
 */
export function rateLimitByIp(options: IpRateLimitOptions): RequestHandler {
  if (options.ratePerSecond <= 0) return pass;
  const limiter = new BurstRateLimiter('ip', options, options.backend);
  const isExempt = pathMatcher(options.exemptPaths ?? PROBE_PATHS);
  const isMcp = pathMatcher(options.mcpPaths);
  return async (req, res, next) => {
    if (isExempt(req)) return next();
    try {
      const ip = options.clientIp(req);
      const shape = isMcp(req) ? 'json-rpc' : 'oauth';
      const leftToUserLimit = options.bearerAuthentication && shape === 'json-rpc' && hasBearerToken(req);
      const decision = leftToUserLimit ? await limiter.peek(ip) : await limiter.consume(ip);
      if (!decision.allowed) {
        options.audit?.record(
          'rate_limit_exceeded',
          {
            outcome: 'failure',
            ip,
            reason: `per-IP limit (${describeLimit(options)}) on ${req.path}`,
          },
          req,
        );
        return refuse(res, shape, decision, 'too many requests from this address');
      }
      if (leftToUserLimit) {
        res.once('finish', () => {
          if (res.statusCode === 401) void limiter.consume(ip).catch(() => undefined);
        });
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Subjects are personal data; the shared counters (Valkey) hold only their digest. */
function subjectKey(subject: string): string {
  return createHash('sha256').update(subject).digest('base64url');
}

/**
 * The per-user limit of the MCP endpoint: mount it after the bearer check, which sets `req.principal`;
 * requests without one (OAuth off) pass. Pass 0 as the rate to turn it off.
 */
export function rateLimitByUser(options: UserRateLimitOptions): RequestHandler {
  if (options.ratePerSecond <= 0) return pass;
  const limiter = new BurstRateLimiter('user', options, options.backend);
  return async (req, res, next) => {
    const principal = req.principal;
    if (!principal) return next();
    try {
      const decision = await limiter.consume(subjectKey(principal.subject));
      if (decision.allowed) return next();
      options.audit?.record(
        'rate_limit_exceeded',
        {
          outcome: 'failure',
          userId: principal.subject,
          clientId: principal.clientId,
          reason: `per-user limit (${describeLimit(options)})`,
        },
        req,
      );
      refuse(res, 'json-rpc', decision, 'too many requests for this user');
    } catch (error) {
      next(error);
    }
  };
}

const MINUTE_SECONDS = 60;

/**
 * Registration attempts per IP and minute, on top of the OAuth server's `--max-clients-per-ip` (which
 * counts successful registrations per day): mount it on the registration endpoint, before the router.
 */
export function rateLimitRegistrations(options: RegistrationRateLimitOptions): RequestHandler {
  if (options.perMinute <= 0) return pass;
  const limiter = counter(options.backend ?? MEMORY_BACKEND, {
    keyPrefix: 'registration',
    points: options.perMinute,
    duration: MINUTE_SECONDS,
  });
  return async (req, res, next) => {
    const ip = options.clientIp(req);
    try {
      await limiter.consume(ip);
      next();
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) return next(rejection);
      options.audit?.record(
        'rate_limit_exceeded',
        {
          outcome: 'failure',
          ip,
          reason: `registration limit (${options.perMinute} per minute)`,
        },
        req,
      );
      refuse(
        res,
        'oauth',
        { allowed: false, retryAfterMs: rejection.msBeforeNext },
        'too many registrations from this address',
      );
    }
  };
}
