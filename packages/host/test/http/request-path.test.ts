import { describe, expect, it } from 'vitest';
import { pathOf } from '../../src/http/request-path';

const viaUrl = (target: string) => new URL(target, 'http://127.0.0.1').pathname;

describe('pathOf: the request path without the URL parser, the same answer as the parser', () => {
  it.each([
    '/mcp',
    '/mcp?x=1',
    '/mcp#frag',
    '/mcp/',
    '/api',
    '/hooks/claude',
    '/',
    '',
    '*',
    '//evil.example/mcp',
    '/mcp/../api',
    '/./mcp',
    '/%6dcp',
    '/MCP',
    'http://127.0.0.1/mcp',
    'http://127.0.0.1:9/api?x',
    '/mcp\\..\\api',
    '/mcp;a=b',
    '/a b',
    '/assets/index-abc.js',
    '/mcp?/..//x',
  ])('%j', (target) => {
    expect(pathOf(target)).toBe(viaUrl(target));
  });

  it('answers a missing target as the root', () => {
    expect(pathOf(undefined)).toBe('/');
  });
});
