// The soak test's control: a Worker that touches nothing and answers every request at once, so
// the memory wrangler dev's workerd gains under the same load is the runtime's own. (It answers
// /api/health/ with 200, as startDevServer waits for that.)
const json = (body, status) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

export default {
  fetch: (request) =>
    new URL(request.url).pathname === "/api/health/" ? json({ status: "ok" }, 200) : json({ detail: "Authentication credentials were not provided." }, 403),
};
