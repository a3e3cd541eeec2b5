/**
 * An in-memory GitHub issues API behind a `fetch` function, for Octokit in tests (the only part of GitHub mocked).
 * It keeps issues and comments and answers the REST calls the failure-issue code makes, the way GitHub does.
 */
import { createServer } from 'node:http';
import { listenOnLoopback } from '../helpers/loopback.ts';

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason?: string;
  labels: string[];
  comments: string[];
  pull_request?: object;
}

export interface FakeGitHub {
  issues: FakeIssue[];
  requests: { method: string; url: string; body?: unknown; authorization?: string }[];
  fetch: typeof fetch;
}

function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

function issueJson(issue: FakeIssue) {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    labels: issue.labels.map((name) => ({ name })),
    comments: issue.comments.length,
    ...(issue.pull_request ? { pull_request: issue.pull_request } : {}),
  };
}

/** A fake GitHub for `owner/repo` holding `issues`. */
export function fakeGitHub(owner: string, repo: string, issues: FakeIssue[] = []): FakeGitHub {
  const state: FakeGitHub = { issues, requests: [], fetch: undefined as unknown as typeof fetch };
  const base = `/repos/${owner}/${repo}/issues`;
  state.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const headers = new Headers(init?.headers);
    state.requests.push({ method, url: url.pathname + url.search, body, authorization: headers.get('authorization') ?? undefined });
    const path = url.pathname;
    if (path === base && method === 'GET') {
      const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
      const wanted = url.searchParams.get('state') ?? 'open';
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const matching = state.issues
        .filter((i) => (wanted === 'all' || i.state === wanted) && labels.every((l) => i.labels.includes(l)))
        .sort((a, b) => (url.searchParams.get('direction') === 'asc' ? a.number - b.number : b.number - a.number));
      const slice = matching.slice((page - 1) * perPage, page * perPage);
      const res = json(200, slice.map(issueJson));
      if (page * perPage < matching.length) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        res.headers.set('link', `<${next}>; rel="next"`);
      }
      return res;
    }
    if (path === base && method === 'POST') {
      // GitHub creates missing labels on the fly, and refuses names over 50 characters.
      const tooLong = (body.labels ?? []).find((name: string) => name.length > 50);
      if (tooLong) return json(422, { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'invalid', field: 'name', value: tooLong }] });
      const issue: FakeIssue = {
        number: state.issues.length + 1,
        title: body.title,
        body: body.body ?? '',
        state: 'open',
        labels: body.labels ?? [],
        comments: [],
      };
      state.issues.push(issue);
      return json(201, issueJson(issue));
    }
    const one = path.match(new RegExp(`^${base}/(\\d+)(/comments)?$`));
    const issue = one && state.issues.find((i) => i.number === Number(one[1]));
    if (!issue) return json(404, { message: 'Not Found' });
    if (one[2] && method === 'POST') {
      issue.comments.push(body.body);
      return json(201, { id: issue.comments.length, body: body.body });
    }
    if (one[2] && method === 'GET') {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      return json(200, issue.comments.slice((page - 1) * perPage, page * perPage).map((b, i) => ({ id: i + 1, body: b })));
    }
    if (!one[2] && method === 'PATCH') {
      Object.assign(issue, body);
      return json(200, issueJson(issue));
    }
    return json(405, { message: `fake GitHub does not answer ${method} ${path}` });
  }) as typeof fetch;
  return state;
}

/**
 * Serves a fake's `fetch` on 127.0.0.1, so code that builds its own Octokit (the issues-sync command, through
 * GITHUB_API_URL) reaches the fake over real loopback HTTP.
 */
export async function serveOnLoopback(handler: typeof fetch): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const response = await handler(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined,
    });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(await response.text());
  });
  return { url: await listenOnLoopback(server), close: () => new Promise((resolve) => server.close(() => resolve())) };
}
