// Boolean query parameters as apimachinery converts them into PodLogOptions and PodExecOptions.

/** Present and neither `0` nor `false` is true, even when empty (`?follow`). */
export function queryFlag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value !== null && value !== '0' && value.toLowerCase() !== 'false';
}
