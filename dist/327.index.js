export const id = 327;
export const ids = [327];
export const modules = {

/***/ 327:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  reportMode: () => (/* binding */ reportMode)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 20 modules
var core = __webpack_require__(3218);
// EXTERNAL MODULE: ./backend/logs/index.ts + 12 modules
var logs = __webpack_require__(8306);
;// CONCATENATED MODULE: ./backend/analysis/normalise.ts
/**
 * What differs between two runs of the same failure and must not split the analysis cache:
 * timestamps, ids, durations, temp paths, ports and other long numbers. Line numbers in
 * file:line locations and small counts stay, since they tell failures apart.
 */
const VOLATILE = [
    // The reducer's range headers and repeat markers: the same failure sits at other lines in another log.
    [/^--- lines? \d+(?:-\d+)? ---$/gm, "--- lines ---"],
    [/(\[×\d+), lines \d+-\d+\]/g, "$1]"],
    [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, "<time>"],
    [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, "<time>"],
    [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<id>"],
    [/\b0x[0-9a-f]+\b/gi, "<hex>"],
    // Git SHAs, container and build ids: hex runs with at least one digit and one letter.
    [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, "<hex>"],
    [
        /(?:\/tmp|\/private\/var\/folders|\/var\/folders|[A-Za-z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp|[^\s'"]*[\\/]_temp)[\\/][^\s'"),:]*/g,
        "<tmp>",
    ],
    [/\b\d+(?:\.\d+)?\s?(?:ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?)\b/gi, "<duration>"],
    [/\b(pid|port|run|job|attempt|build)([\s#:=]+)\d+/gi, "$1$2<n>"],
    [/\b\d{5,}\b/g, "<n>"],
];
function normaliseExcerpt(text) {
    let out = text.replace(/\r\n?/g, "\n");
    for (const [pattern, replacement] of VOLATILE)
        out = out.replace(pattern, replacement);
    return out
        .split("\n")
        .map((line) => line.replace(/[ \t]+/g, " ").trim())
        .filter((line) => line !== "")
        .join("\n");
}

// EXTERNAL MODULE: ./backend/analysis/prompts.ts
var prompts = __webpack_require__(8115);
;// CONCATENATED MODULE: ./backend/analysis/cache-key.ts



/** Web Crypto only: the same key is computed in Node, workerd and the Action. */
async function sha256Hex(text) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
/** Hits that say only that something failed, not what: alone they would merge unrelated failures. */
const GENERIC_HITS = new Set([
    "generic.error-prefix",
    "generic.error-word",
    "generic.file-line",
    "actions.exit-code",
    "actions.error-annotation",
    "actions.cancelled",
    "travis.command-exited",
    "jenkins.build-failure",
    "benign.zero-counts",
    "benign.compiling-crate",
]);
/**
 * What identifies a failure across runs: the lines the log rules recognise as specific errors
 * (test failures, compiler diagnostics, assertion messages), normalised. The context around them —
 * checkout and install chatter, which differs between re-runs and runners — does not change
 * what failed, so it is not part of the key. When no specific error line is recognised (only
 * "exit code 1" and the like), the whole normalised excerpt is the key, so unrelated failures
 * never share a diagnosis.
 */
function failureSignature(excerptText) {
    const lines = excerptText.split("\n");
    const reduced = (0,logs/* reduceLogText */.u6)(excerptText, {
        maxLines: lines.length + 1,
        maxBytes: excerptText.length * 2 + 1024,
    });
    // Only the specific hits: a generic "error" word also turns up in chatter ("Cache not found …").
    const specific = reduced.hits.filter((h) => !GENERIC_HITS.has(h.ruleId));
    if (specific.length === 0)
        return normaliseExcerpt(excerptText);
    const byLine = new Map(specific.map((h) => [h.line, h.text]));
    return normaliseExcerpt([...byLine.entries()]
        .sort(([a], [b]) => a - b)
        .map(([, text]) => text)
        .join("\n"));
}
/** One key per (failure, analyser, prompt): the same failure in another job, re-run or PR hits it. */
async function analysisCacheKey(excerptText, provider, model, promptVersion = prompts/* PROMPT_VERSION */.y0) {
    const material = JSON.stringify([failureSignature(excerptText), provider, model, promptVersion]);
    return `acw:analysis:${await sha256Hex(material)}`;
}

// EXTERNAL MODULE: ./backend/analysis/diagnosis.ts
var diagnosis = __webpack_require__(7105);
// EXTERNAL MODULE: ./backend/analysis/errors.ts
var errors = __webpack_require__(1213);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js
var schemas = __webpack_require__(5156);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/errors.js
var classic_errors = __webpack_require__(3342);
// EXTERNAL MODULE: ./backend/contract/analysis.ts
var analysis = __webpack_require__(2688);
// EXTERNAL MODULE: ./backend/analysis/types.ts
var types = __webpack_require__(3381);
;// CONCATENATED MODULE: ./backend/analysis/pipeline.ts








const CachedAnalysis = schemas.object({
    analysis: analysis/* FailureAnalysis */.fu,
    model: schemas.string().nullable(),
    /** The excerpt ranges the analysis was made for, to move its evidence onto another log's lines. */
    ranges: schemas.array(analysis/* LineRange */.MT),
    /** Per evidence range, the normalised text of its first line: where to find it in another log. */
    anchors: schemas.array(schemas.string()).optional(),
});
const DAY_MS = 24 * 60 * 60 * 1000;
const NO_TOKENS = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
/** Identical failures being analysed right now in this process, per provider: the jobs of one run share one call. */
const inFlight = new WeakMap();
/**
 * Analyse one failed job: from the cache when the same failure was seen, else with the provider,
 * else (provider error after its retries, invalid output) with the heuristic analyser — and the
 * provenance says which, and why. Never throws for a provider failure; only if the heuristic does.
 */
async function analyzeWithFallback(input) {
    const { provider, heuristic, context, excerpt } = input;
    const failure = { ...context, excerpt };
    if (provider.name === "heuristic")
        return runHeuristic(heuristic, failure, null, NO_TOKENS);
    const key = await analysisCacheKey(excerpt.text, provider.name, provider.model);
    const hit = await readCache(input.cache, key);
    if (hit)
        return fromCache(hit, excerpt, provider);
    const calls = inFlight.get(provider) ?? new Map();
    inFlight.set(provider, calls);
    const running = calls.get(key);
    if (running) {
        // Another job of this run asked first: share its answer; the tokens are counted once, on its analysis.
        const shared = await running;
        return shared.ok
            ? fromCache(shared.entry, excerpt, provider)
            : runHeuristic(heuristic, failure, shared.reason, NO_TOKENS);
    }
    const call = analyseOnce(input, failure, key).finally(() => calls.delete(key));
    calls.set(key, call);
    const shared = await call;
    if (!shared.ok)
        return runHeuristic(heuristic, failure, shared.reason, shared.usage);
    if (shared.cached)
        return fromCache(shared.entry, excerpt, provider);
    return {
        analysis: shared.entry.analysis,
        provenance: provenance(provider.name, shared.entry.model, null, false, shared.usage),
    };
}
async function analyseOnce(input, failure, key) {
    const { provider, cache } = input;
    const lock = await takeLockOrWait(input, key);
    if ("entry" in lock)
        return { ok: true, entry: lock.entry, usage: NO_TOKENS, cached: true };
    try {
        const result = await provider.analyzeFailure(failure);
        const entry = {
            analysis: analysis/* FailureAnalysis */.fu.parse(result.value),
            model: result.model,
            ranges: (0,types/* rangesOf */.wA)(failure.excerpt),
        };
        const lines = originalLines(failure.excerpt);
        entry.anchors = entry.analysis.evidence.map((r) => normaliseLine(lines.get(r.startLine) ?? ""));
        await writeCache(cache, key, entry, input.cacheTtlMs ?? 7 * DAY_MS);
        return { ok: true, entry, usage: result.usage, cached: false };
    }
    catch (err) {
        return { ok: false, reason: fallbackReason(provider, err), usage: usageOf(err) };
    }
    finally {
        if (lock.token && cache?.releaseLock)
            await cache.releaseLock(lockKey(key), lock.token).catch(() => false);
    }
}
const lockKey = (key) => `${key}:lock`;
/** Another process holding the lock is analysing the same failure: wait for its answer, but not forever. */
async function takeLockOrWait(input, key) {
    const { cache } = input;
    if (!cache?.acquireLock)
        return { token: null };
    const waitMs = input.lockWaitMs ?? 60_000;
    const pollMs = input.lockPollMs ?? 250;
    const deadline = Date.now() + waitMs;
    for (;;) {
        const lock = await cache.acquireLock(lockKey(key), waitMs + 30_000).catch(() => ({ token: null }));
        // Checked after taking the lock too: the previous holder may have just stored its answer and let go.
        const entry = await readCache(cache, key);
        if (entry) {
            if (lock?.token && cache.releaseLock)
                await cache.releaseLock(lockKey(key), lock.token).catch(() => false);
            return { entry };
        }
        if (lock)
            return { token: lock.token };
        // The holder may have died; past the wait we call the provider ourselves rather than stall.
        if (Date.now() >= deadline)
            return { token: null };
        await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
}
async function runHeuristic(heuristic, failure, reason, spent) {
    return {
        analysis: analysis/* FailureAnalysis */.fu.parse(await heuristic(failure)),
        provenance: provenance("heuristic", null, reason, false, spent),
    };
}
function fromCache(entry, excerpt, provider) {
    const byContent = entry.anchors ? findEvidence(entry.analysis.evidence, entry.anchors, excerpt) : [];
    const analysis = {
        ...entry.analysis,
        evidence: byContent.length > 0
            ? byContent
            : moveEvidence(entry.analysis.evidence, entry.ranges, (0,types/* rangesOf */.wA)(excerpt)),
    };
    return { analysis, provenance: provenance(provider.name, entry.model, null, true, NO_TOKENS) };
}
const normaliseLine = (line) => normaliseExcerpt(line).trim();
/** The excerpt's lines by their line number in the original log (from its "--- lines A-B ---" headers). */
function originalLines(excerpt) {
    const out = new Map();
    let next = null;
    for (const line of excerpt.text.split("\n")) {
        const header = /^--- lines? (\d+)(?:-\d+)? ---$/.exec(line);
        if (header) {
            next = Number(header[1]);
            continue;
        }
        if (next === null)
            continue;
        const repeat = /\[×(\d+), lines (\d+)-(\d+)\]$/.exec(line);
        out.set(next, line);
        next = repeat ? Number(repeat[3]) + 1 : next + 1;
    }
    return out;
}
/**
 * Evidence found again by content: each range's first line is looked up in this excerpt, so a
 * cached diagnosis points at the right lines of a re-run whose log has more or fewer lines.
 */
function findEvidence(evidence, anchors, excerpt) {
    if (anchors.length !== evidence.length)
        return [];
    const at = new Map();
    for (const [n, text] of originalLines(excerpt)) {
        const key = normaliseLine(text);
        if (key && !at.has(key))
            at.set(key, n);
    }
    const found = evidence.flatMap((r, i) => {
        const start = anchors[i] ? at.get(anchors[i]) : undefined;
        return start === undefined ? [] : [{ startLine: start, endLine: start + (r.endLine - r.startLine) }];
    });
    return (0,diagnosis/* clipToExcerpt */.ht)(found, (0,types/* rangesOf */.wA)(excerpt));
}
/**
 * The same failure in another job sits at other line numbers. When both excerpts are made of
 * ranges of the same lengths, evidence moves with its range; otherwise it is clipped to the lines
 * this excerpt shows.
 */
function moveEvidence(evidence, from, to) {
    const sameShape = from.length === to.length &&
        from.every((r, i) => {
            const t = to[i];
            return t !== undefined && r.endLine - r.startLine === t.endLine - t.startLine;
        });
    if (!sameShape)
        return (0,diagnosis/* clipToExcerpt */.ht)(evidence, to);
    const moved = [];
    for (const e of evidence) {
        const i = from.findIndex((r) => e.startLine >= r.startLine && e.startLine <= r.endLine);
        const source = from[i];
        const target = to[i];
        if (!source || !target)
            continue;
        const offset = target.startLine - source.startLine;
        moved.push({ startLine: e.startLine + offset, endLine: Math.min(e.endLine + offset, target.endLine) });
    }
    return moved;
}
function provenance(name, model, fallbackReason, cached, usage) {
    return {
        provider: name,
        model,
        fallbackReason: fallbackReason === null ? null : fallbackReason.slice(0, 2000),
        cached,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        costUsd: usage.costUsd,
        promptVersion: prompts/* PROMPT_VERSION */.y0,
    };
}
function fallbackReason(provider, err) {
    if (err instanceof errors/* ProviderError */.mZ) {
        const attempts = err.details.attempts;
        return `${err.message}${attempts && attempts > 1 ? ` (${attempts} attempts)` : ""}; heuristic analysis used instead`;
    }
    if (err instanceof classic_errors/* ZodError */.G) {
        return `${provider.name} ${provider.model ?? ""} returned an analysis outside the contract; heuristic analysis used instead`;
    }
    const message = err instanceof Error ? err.message : String(err);
    return `${provider.name} ${provider.model ?? ""} failed: ${message}; heuristic analysis used instead`;
}
function usageOf(err) {
    return err instanceof errors/* ProviderError */.mZ && err.details.usage ? err.details.usage : NO_TOKENS;
}
/** A cache that is down or holds an entry of an older shape is a miss, never a failed analysis. */
async function readCache(cache, key) {
    if (!cache)
        return null;
    const value = await cache.get(key).catch(() => null);
    const parsed = CachedAnalysis.safeParse(value);
    return parsed.success ? parsed.data : null;
}
async function writeCache(cache, key, entry, ttlMs) {
    if (!cache)
        return;
    await cache.set(key, entry, { ttlMs }).catch(() => undefined);
}

// EXTERNAL MODULE: ./backend/analysis/pricing.ts
var pricing = __webpack_require__(2338);
// EXTERNAL MODULE: ./backend/analysis/providers/anthropic.ts
var anthropic = __webpack_require__(8885);
;// CONCATENATED MODULE: ./backend/analysis/providers/heuristic.ts


/** Best: triage the reduced log itself (its rule hits span the whole log, not only the excerpt). */
function heuristicFromReduced(reduced) {
    return () => (0,logs/* triageLog */.z9)(reduced);
}
/**
 * When only an excerpt is at hand (a stored one, a standalone report): triage its text again and
 * move the evidence from excerpt lines back to the original log's lines.
 */
const triageExcerpt = ({ excerpt }) => {
    const lineCount = excerpt.text.split("\n").length;
    const analysis = triageLog(reduceLogText(excerpt.text, { maxLines: lineCount + 1, maxBytes: excerpt.text.length * 2 + 1024 }));
    const original = heuristic_originalLines(excerpt);
    const evidence = analysis.evidence
        .map((r) => {
        const starts = original.slice(r.startLine - 1, r.endLine).filter((n) => n !== null);
        const first = starts[0];
        const last = starts.at(-1);
        return first === undefined || last === undefined ? null : { startLine: first, endLine: last };
    })
        .filter((r) => r !== null);
    return { ...analysis, evidence };
};
/** For each line of the excerpt text, the original log line it shows (null for range headers). */
function heuristic_originalLines(excerpt) {
    let next = excerpt.lines[0]?.[0] ?? 1;
    return excerpt.text.split("\n").map((line) => {
        const header = /^--- lines? (\d+)(?:-(\d+))? ---$/.exec(line);
        if (header) {
            next = Number(header[1]);
            return null;
        }
        const collapsed = /\[×\d+, lines (\d+)-(\d+)\]$/.exec(line);
        const shown = collapsed ? Number(collapsed[1]) : next;
        next = collapsed ? Number(collapsed[2]) + 1 : next + 1;
        return shown;
    });
}
/** The default provider when no LLM is configured; it diagnoses failures and nothing else. */
function createHeuristicProvider(analyse = triageExcerpt) {
    const unsupported = (what) => Promise.reject(new ProviderError("unsupported", `the heuristic analyser cannot ${what}; configure an LLM provider`));
    return {
        name: "heuristic",
        model: null,
        async analyzeFailure(input) {
            const value = await analyse(input);
            return { value, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, model: null, attempts: 1 };
        },
        suggestFix: () => unsupported("suggest fixes"),
        reviewCode: () => unsupported("review code"),
    };
}

// EXTERNAL MODULE: ./node_modules/openai/index.mjs + 152 modules
var openai = __webpack_require__(3674);
// EXTERNAL MODULE: ./backend/analysis/deadline.ts
var deadline = __webpack_require__(2466);
// EXTERNAL MODULE: ./backend/analysis/retry.ts
var retry = __webpack_require__(782);
// EXTERNAL MODULE: ./backend/analysis/structured-output.ts
var structured_output = __webpack_require__(9371);
;// CONCATENATED MODULE: ./backend/analysis/providers/openai-compatible.ts









function createOpenAiCompatibleProvider(options) {
    const { model } = options;
    const timeoutMs = options.timeoutMs ?? 120_000;
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    const price = options.price ?? FREE;
    const label = `openai-compatible ${model}`;
    const client = new OpenAI({
        baseURL: options.baseURL,
        apiKey: options.apiKey ?? "unused",
        maxRetries: 0,
        timeout: timeoutMs,
    });
    async function callJson(schema, name, system, user) {
        const { value: completion, attempts } = await withRetries(policy, () => withDeadline(timeoutMs, label, async (signal) => {
            try {
                return await client.chat.completions.create({
                    model,
                    temperature: 0,
                    max_tokens: options.maxTokens ?? 4096,
                    messages: [
                        { role: "system", content: system },
                        { role: "user", content: user },
                    ],
                    // strict: false because optional fields (a location's line) are outside OpenAI's strict subset;
                    // vLLM, llama.cpp and Ollama still constrain decoding to the schema.
                    response_format: {
                        type: "json_schema",
                        json_schema: { name, schema: jsonSchemaOf(schema), strict: false },
                    },
                }, { signal });
            }
            catch (err) {
                if (signal.aborted)
                    throw err;
                throw fromSdkError(err, OpenAI, label);
            }
        }));
        const tokens = {
            inputTokens: completion.usage?.prompt_tokens ?? 0,
            outputTokens: completion.usage?.completion_tokens ?? 0,
            cacheReadTokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
        };
        const usage = { ...tokens, costUsd: costUsd(price, tokens) };
        const choice = completion.choices[0];
        const fail = (why) => new ProviderError("invalid_output", `${label} ${why}`, { usage, attempts });
        if (!choice)
            throw fail("answered no choices");
        if (choice.finish_reason === "length")
            throw fail("ran out of output tokens before finishing its answer");
        const answer = parseJsonAnswer(choice.message.content ?? "");
        if (answer === undefined)
            throw fail("answered text that is not a JSON object");
        try {
            return {
                value: parseModelOutput(schema, answer, label, usage),
                usage,
                model: completion.model || model,
                attempts,
            };
        }
        catch (err) {
            throw err instanceof ProviderError ? err.withAttempts(attempts) : err;
        }
    }
    return {
        name: "openai-compatible",
        model,
        async analyzeFailure(input) {
            const result = await callJson(FailureDiagnosis, FAILURE_TOOL.name, FAILURE_SYSTEM_PROMPT.json, buildFailurePrompt(input, "json"));
            return { ...result, value: toFailureAnalysis(result.value, input.excerpt) };
        },
        suggestFix: (input) => callJson(FixSuggestion, FIX_TOOL.name, FIX_SYSTEM_PROMPT.json, buildFixPrompt(input, "json")),
        reviewCode: (input) => callJson(ReviewFindings, REVIEW_TOOL.name, REVIEW_SYSTEM_PROMPT.json, buildReviewPrompt(input, "json")),
    };
}
/** Small local models sometimes wrap the object in a Markdown fence despite the schema. */
function parseJsonAnswer(content) {
    const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(content);
    try {
        const value = JSON.parse(fenced?.[1] ?? content);
        return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./backend/analysis/index.ts













// EXTERNAL MODULE: ./backend/github/client.ts + 3 modules
var client = __webpack_require__(6797);
;// CONCATENATED MODULE: ./backend/github/job-logs.ts
class JobLogError extends Error {
    status;
    jobId;
    name = "JobLogError";
    constructor(message, status, jobId) {
        super(message);
        this.status = status;
        this.jobId = jobId;
    }
}
/**
 * A job's plain-text log. GitHub answers 302 to a short-lived signed blob URL; the blob store
 * rejects requests that also carry GitHub's Authorization header, and a same-origin redirect
 * followed by fetch would keep it — so the redirect is taken by hand, without credentials.
 */
async function downloadJobLog(client, owner, repo, jobId) {
    const res = await client.octokit.request("GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs", {
        owner,
        repo,
        job_id: jobId,
        request: { redirect: "manual" },
    });
    const status = res.status;
    if (status === 200 && typeof res.data === "string")
        return res.data; // a runtime that followed anyway
    const location = res.headers.location;
    if (status < 300 || status >= 400 || !location) {
        throw new JobLogError(`GitHub answered ${status} without a log location for job ${jobId}`, status, jobId);
    }
    const blob = await client.fetchUnauthenticated(location, { redirect: "follow" });
    if (!blob.ok) {
        const detail = (await blob.text()).slice(0, 200);
        throw new JobLogError(`log download for job ${jobId} failed with ${blob.status}: ${detail}`, blob.status, jobId);
    }
    return blob.text();
}

// EXTERNAL MODULE: ./backend/github/workflow-jobs.ts
var workflow_jobs = __webpack_require__(4737);
;// CONCATENATED MODULE: ./backend/github/index.ts






// EXTERNAL MODULE: ./node_modules/@hono/zod-openapi/dist/index.mjs + 105 modules
var dist = __webpack_require__(5607);
;// CONCATENATED MODULE: ./backend/contract/failure-report.ts

/** Size bounds of a report: what the Action sends after reduction, never a raw log. */
const LIMITS = {
    excerptTextBytes: 64 * 1024,
    excerptRanges: 500,
    changedFiles: 3000,
    failedSteps: 50,
    jobsPerReport: 50,
};
const Sha = dist.z.string().regex(/^[0-9a-f]{40}$/, "must be a 40-character hex commit SHA");
const RepoFullName = dist.z.string()
    .regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, "must be OWNER/REPO")
    .openapi({ example: "octo-org/web-app" });
const ExcerptSchema = dist.z.object({
    lines: dist.z.array(dist.z.tuple([dist.z.number().int().min(1), dist.z.number().int().min(1)]))
        .max(LIMITS.excerptRanges)
        .describe("1-based inclusive line ranges of the original log that the excerpt holds"),
    text: dist.z.string().refine((t) => new TextEncoder().encode(t).length <= LIMITS.excerptTextBytes, {
        message: `excerpt text exceeds ${LIMITS.excerptTextBytes} bytes`,
    }),
})
    .openapi("LogExcerpt");
const ExcerptStatsSchema = dist.z.object({
    inputLines: dist.z.number().int().min(0),
    inputBytes: dist.z.number().int().min(0),
    excerptLines: dist.z.number().int().min(0),
    excerptBytes: dist.z.number().int().min(0),
})
    .openapi("ExcerptStats");
/** One failed job of a run, reduced and redacted on the runner. */
const FailedJobSchema = dist.z.object({
    jobId: dist.z.number().int().positive(),
    name: dist.z.string().min(1).max(500),
    failedSteps: dist.z.array(dist.z.string().max(500)).max(LIMITS.failedSteps).default([]),
    excerpt: ExcerptSchema,
    stats: ExcerptStatsSchema,
    logUrl: dist.z.url().max(2000).optional(),
})
    .openapi("FailedJob");
/** POST /v1/failures: the Action's report. The backend owns this schema; the Action imports it. */
const FailureReportSchema = dist.z.object({
    repository: RepoFullName,
    runId: dist.z.number().int().positive(),
    runAttempt: dist.z.number().int().min(1).max(100),
    workflow: dist.z.string().min(1).max(500),
    event: dist.z.string().min(1).max(100),
    headSha: Sha,
    headRef: dist.z.string().max(500).optional(),
    baseSha: Sha.optional(),
    baseRef: dist.z.string().max(500).optional(),
    pullRequest: dist.z.object({
        number: dist.z.number().int().positive(),
        title: dist.z.string().max(1000).default(""),
        author: dist.z.string().max(200).default("unknown"),
        headRepository: RepoFullName.optional(),
    })
        .optional(),
    changedFiles: dist.z.array(dist.z.string().max(1000)).max(LIMITS.changedFiles).default([]),
    jobs: dist.z.array(FailedJobSchema).min(1).max(LIMITS.jobsPerReport),
})
    .openapi("FailureReport");
const FailureAcceptedSchema = dist.z.object({
    failures: dist.z.array(dist.z.object({
        jobId: dist.z.number().int(),
        failureId: dist.z.uuid(),
        statusUrl: dist.z.url(),
        duplicate: dist.z.boolean().describe("true when this job of this attempt was reported before"),
    })),
})
    .openapi("FailureAccepted");
const ErrorSchema = dist.z.object({
    error: dist.z.object({ code: dist.z.string(), message: dist.z.string(), details: dist.z.unknown().optional() }),
})
    .openapi("Error");

;// CONCATENATED MODULE: ./backend/contract/status.ts


const Timestamp = dist.z.string().describe("ISO 8601");
const AnalysisView = dist.z.object({
    id: dist.z.uuid(),
    failureId: dist.z.uuid(),
    provider: dist.z.string(),
    model: dist.z.string().nullable(),
    category: analysis/* Category */.b7,
    subcategory: analysis/* Subcategory */.dq,
    rootCause: dist.z.string(),
    confidence: dist.z.number().int(),
    evidence: dist.z.array(analysis/* LineRange */.MT),
    locations: dist.z.array(analysis/* SourceLocation */.zU),
    failedTests: dist.z.array(dist.z.string()),
    flaky: dist.z.boolean(),
    autoFixable: dist.z.boolean(),
    fixStrategy: dist.z.string().nullable(),
    complexity: analysis/* FixComplexity */.AX.nullable(),
    fallbackReason: dist.z.string().nullable(),
    cached: dist.z.boolean(),
    inputTokens: dist.z.number().int(),
    outputTokens: dist.z.number().int(),
    costUsd: dist.z.number(),
    decision: dist.z.string().nullable(),
    decisionReason: dist.z.string().nullable(),
    createdAt: Timestamp,
})
    .openapi("Analysis");
const FixAttemptView = dist.z.object({
    id: dist.z.uuid(),
    analysisId: dist.z.uuid(),
    status: dist.z.string(),
    prNumber: dist.z.number().int().nullable(),
    headSha: dist.z.string().nullable(),
    commitSha: dist.z.string().nullable(),
    errorMessage: dist.z.string().nullable(),
    validationResults: dist.z.array(dist.z.unknown()).nullable(),
    costUsd: dist.z.number(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
})
    .openapi("FixAttempt");
const FailureView = dist.z.object({
    id: dist.z.uuid(),
    repository: dist.z.string(),
    runId: dist.z.number().int(),
    runAttempt: dist.z.number().int(),
    jobId: dist.z.number().int(),
    jobName: dist.z.string(),
    workflow: dist.z.string(),
    event: dist.z.string(),
    headSha: dist.z.string(),
    headRef: dist.z.string().nullable(),
    prNumber: dist.z.number().int().nullable(),
    failedSteps: dist.z.array(dist.z.string()),
    status: dist.z.string(),
    source: dist.z.string(),
    excerpt: dist.z.object({ lines: dist.z.array(dist.z.tuple([dist.z.number(), dist.z.number()])), text: dist.z.string() }),
    stats: dist.z.object({
        inputLines: dist.z.number(),
        inputBytes: dist.z.number(),
        excerptLines: dist.z.number(),
        excerptBytes: dist.z.number(),
    }),
    createdAt: Timestamp,
    analysis: AnalysisView.nullable(),
    fixAttempts: dist.z.array(FixAttemptView),
})
    .openapi("Failure");
const ReviewView = dist.z.object({
    id: dist.z.uuid(),
    headSha: dist.z.string(),
    reviewerName: dist.z.string(),
    provider: dist.z.string(),
    decision: dist.z.string(),
    confidence: dist.z.number().int(),
    comments: dist.z.array(dist.z.unknown()),
    createdAt: Timestamp,
})
    .openapi("Review");
const CheckRunView = dist.z.object({
    id: dist.z.uuid(),
    externalId: dist.z.string(),
    name: dist.z.string(),
    headSha: dist.z.string().nullable(),
    status: dist.z.string(),
    conclusion: dist.z.string().nullable(),
    completedAt: Timestamp.nullable(),
})
    .openapi("CheckRun");
const PullRequestStatus = dist.z.object({
    repository: dist.z.string(),
    number: dist.z.number().int(),
    title: dist.z.string(),
    author: dist.z.string(),
    branch: dist.z.string(),
    headSha: dist.z.string().nullable(),
    isFork: dist.z.boolean(),
    state: dist.z.string(),
    current: dist.z["enum"](["passing", "failing", "analyzing", "fix_in_progress", "fixed", "needs_attention"])
        .describe("where this PR stands now, from its latest failures, analyses and fix attempts"),
    checks: dist.z.array(CheckRunView),
    failures: dist.z.array(FailureView),
    reviews: dist.z.array(ReviewView),
})
    .openapi("PullRequestStatus");
const FailurePage = dist.z.object({ items: dist.z.array(FailureView), nextCursor: dist.z.string().nullable() })
    .openapi("FailurePage");
const RepositorySummary = dist.z.object({
    repository: dist.z.string(),
    since: Timestamp,
    failures: dist.z.number().int(),
    categoriesByDay: dist.z.array(dist.z.object({ day: dist.z.string(), category: dist.z.string(), count: dist.z.number().int() })),
    topRootCauses: dist.z.array(dist.z.object({ rootCause: dist.z.string(), count: dist.z.number().int() })),
    flakyChecks: dist.z.array(dist.z.object({ jobName: dist.z.string(), count: dist.z.number().int() })),
    fixSuccessRate: dist.z.number().nullable().describe("pushed / finished fix attempts; null when none finished"),
    fixAttempts: dist.z.number().int(),
    medianTimeToDiagnosisMs: dist.z.number().nullable(),
    llmSpendUsd: dist.z.number(),
    llmTokens: dist.z.number().int(),
})
    .openapi("RepositorySummary");

// EXTERNAL MODULE: ./backend/http/retry-after.ts
var retry_after = __webpack_require__(8903);
;// CONCATENATED MODULE: ./backend/ingest/report-client.ts



class BackendError extends Error {
    status;
    code;
    transient;
    attempts;
    name = "BackendError";
    constructor(message, 
    /** HTTP status; 0 when the backend could not be reached. */
    status, code, 
    /** True when it was still failing after every retry (down, overloaded), false when it refused. */
    transient, attempts, options) {
        super(message, options);
        this.status = status;
        this.code = code;
        this.transient = transient;
        this.attempts = attempts;
    }
}
const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function errorOf(res) {
    const text = (await res.text().catch(() => "")).slice(0, 500);
    try {
        const body = JSON.parse(text);
        if (typeof body.error?.message === "string")
            return { code: String(body.error.code ?? `http_${res.status}`), message: body.error.message };
    }
    catch {
        // not JSON: a proxy's or load balancer's page
    }
    return { code: `http_${res.status}`, message: text || res.statusText || `HTTP ${res.status}` };
}
function createBackendClient(options) {
    const base = options.url.replace(/\/+$/, "");
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    const attempts = Math.max(1, options.attempts ?? 4);
    const baseDelay = options.baseDelayMs ?? 1000;
    const maxDelay = options.maxDelayMs ?? 30_000;
    const sleep = options.sleep ?? realSleep;
    async function request(method, path, body) {
        let last = null;
        for (let attempt = 1; attempt <= attempts; attempt++) {
            let waitMs = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
            // Outside the try: a token that cannot be had is not a transient backend problem.
            const token = await options.token();
            try {
                const res = await doFetch(`${base}${path}`, {
                    method,
                    headers: {
                        authorization: `Bearer ${token}`,
                        accept: "application/json",
                        ...(body === undefined ? {} : { "content-type": "application/json" }),
                    },
                    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
                    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
                });
                if (res.status < 500 && res.status !== 429 && res.status !== 408)
                    return res;
                const { code, message } = await errorOf(res);
                last = new BackendError(`${method} ${path} answered ${res.status}: ${message}`, res.status, code, true, attempt);
                const asked = (0,retry_after/* delayFromRetryAfter */.o)(res.headers.get("retry-after"));
                if (asked !== null)
                    waitMs = Math.min(maxDelay, asked);
            }
            catch (err) {
                const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
                last = new BackendError(`${base} could not be reached: ${reason}`, 0, "unreachable", true, attempt, {
                    cause: err,
                });
            }
            if (attempt < attempts) {
                options.onRetry?.({ attempt, waitMs, reason: last.message });
                await sleep(waitMs);
            }
        }
        throw last;
    }
    async function refuse(res, what) {
        const { code, message } = await errorOf(res);
        throw new BackendError(`${what} was refused (${res.status} ${code}): ${message}`, res.status, code, false, 1);
    }
    return {
        url: base,
        /** Idempotent on the backend (repository, run, job, attempt), so a retried POST never reports twice. */
        async reportFailures(report) {
            const res = await request("POST", "/v1/failures", report);
            if (res.status !== 202)
                return refuse(res, "the failure report");
            return FailureAcceptedSchema.parse(await res.json());
        },
        async getFailure(failureId) {
            const res = await request("GET", `/v1/failures/${encodeURIComponent(failureId)}`);
            if (res.status !== 200)
                return refuse(res, `reading failure ${failureId}`);
            return FailureView.parse(await res.json());
        },
    };
}
/** The dashboard page of a failure (human-readable), next to its status API URL. */
function failurePageUrl(backendUrl, failureId) {
    return `${backendUrl.replace(/\/+$/, "")}/failures/${encodeURIComponent(failureId)}`;
}

;// CONCATENATED MODULE: ./action/event.ts

class EventError extends Error {
    name = "EventError";
}
const event_Sha = schemas.string().regex(/^[0-9a-f]{40}$/);
const RepoRef = schemas.object({ full_name: schemas.string() }).passthrough();
const PullRef = schemas.object({
    number: schemas.number().int().positive(),
    head: schemas.object({ ref: schemas.string(), sha: schemas.string() }).passthrough(),
    base: schemas.object({ ref: schemas.string(), sha: schemas.string() }).passthrough(),
});
const WorkflowRunPayload = schemas.object({
    workflow_run: schemas.object({
        id: schemas.number().int().positive(),
        name: schemas.string().nullable().optional(),
        run_attempt: schemas.number().int().min(1).default(1),
        event: schemas.string(),
        head_sha: event_Sha,
        head_branch: schemas.string().nullable().optional(),
        conclusion: schemas.string().nullable().optional(),
        html_url: schemas.string().optional(),
        pull_requests: schemas.array(PullRef).default([]),
        head_repository: RepoRef.nullable().optional(),
        repository: RepoRef,
    })
        .passthrough(),
});
const PullRequestPayload = schemas.object({
    pull_request: schemas.object({
        number: schemas.number().int().positive(),
        title: schemas.string().optional(),
        user: schemas.object({ login: schemas.string() }).nullable().optional(),
        head: schemas.object({ ref: schemas.string(), sha: event_Sha, repo: RepoRef.nullable().optional() }).passthrough(),
        base: schemas.object({ ref: schemas.string(), sha: event_Sha, repo: RepoRef }).passthrough(),
    })
        .passthrough(),
});
function splitRepository(fullName) {
    const [owner, repo, ...rest] = fullName.split("/");
    if (!owner || !repo || rest.length > 0)
        throw new EventError(`"${fullName}" is not OWNER/REPO`);
    return { owner, repo };
}
function positive(value, name) {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
        throw new EventError(`${name} is missing or not a positive integer`);
    return n;
}
/**
 * Reads the target run. Everything in the payload may come from a fork (branch names, titles):
 * it is parsed, never executed or interpolated into a shell.
 */
function runTargetFrom(env, eventName, payload) {
    const serverUrl = (env.GITHUB_SERVER_URL ?? "https://github.com").replace(/\/+$/, "");
    const repository = env.GITHUB_REPOSITORY ?? "";
    if (eventName === "workflow_run") {
        const parsed = WorkflowRunPayload.safeParse(payload);
        if (!parsed.success)
            throw new EventError(`the workflow_run payload is not as expected: ${parsed.error.issues[0]?.message}`);
        const run = parsed.data.workflow_run;
        const base = run.repository.full_name;
        const headRepository = run.head_repository?.full_name ?? base;
        const fromFork = headRepository.toLowerCase() !== base.toLowerCase();
        // GitHub leaves pull_requests empty for runs from forks; the PR is then looked up by head branch.
        const pr = run.pull_requests.find((p) => p.head.sha === run.head_sha) ?? run.pull_requests[0] ?? null;
        return {
            repository: base,
            ...splitRepository(base),
            runId: run.id,
            runAttempt: run.run_attempt,
            workflow: run.name ?? "workflow",
            event: run.event,
            headSha: run.head_sha,
            headRef: run.head_branch ?? pr?.head.ref ?? null,
            baseSha: pr && /^[0-9a-f]{40}$/.test(pr.base.sha) ? pr.base.sha : null,
            baseRef: pr?.base.ref ?? null,
            headRepository,
            fromFork,
            pullRequest: pr ? { number: pr.number } : null,
            via: "workflow_run",
            runUrl: run.html_url ?? `${serverUrl}/${base}/actions/runs/${run.id}`,
            conclusion: run.conclusion ?? null,
        };
    }
    if (!repository)
        throw new EventError("GITHUB_REPOSITORY is not set: is this running in GitHub Actions?");
    const runId = positive(env.GITHUB_RUN_ID, "GITHUB_RUN_ID");
    const common = {
        repository,
        ...splitRepository(repository),
        runId,
        runAttempt: Number(env.GITHUB_RUN_ATTEMPT) || 1,
        workflow: env.GITHUB_WORKFLOW || "workflow",
        event: eventName,
        via: "current_run",
        runUrl: `${serverUrl}/${repository}/actions/runs/${runId}`,
        conclusion: null,
    };
    const pull = PullRequestPayload.safeParse(payload);
    if (pull.success) {
        const pr = pull.data.pull_request;
        const headRepository = pr.head.repo?.full_name ?? repository;
        return {
            ...common,
            // GITHUB_SHA is the merge commit of a pull_request run; the PR's head is what people read.
            headSha: pr.head.sha,
            headRef: pr.head.ref,
            baseSha: pr.base.sha,
            baseRef: pr.base.ref,
            headRepository,
            fromFork: headRepository.toLowerCase() !== pr.base.repo.full_name.toLowerCase(),
            pullRequest: {
                number: pr.number,
                ...(pr.title !== undefined ? { title: pr.title } : {}),
                ...(pr.user?.login ? { author: pr.user.login } : {}),
            },
        };
    }
    const sha = env.GITHUB_SHA ?? "";
    if (!/^[0-9a-f]{40}$/.test(sha))
        throw new EventError("GITHUB_SHA is missing or not a commit SHA");
    return {
        ...common,
        headSha: sha,
        headRef: env.GITHUB_REF_NAME || null,
        baseSha: null,
        baseRef: null,
        headRepository: repository,
        fromFork: false,
        pullRequest: null,
    };
}

;// CONCATENATED MODULE: ./backend/ingest/build-report.ts

const clip = (text, max) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** Keeps the end of an excerpt that is over budget: the end is where a failure is explained. */
function fitExcerpt(reduced) {
    const encoder = new TextEncoder();
    let { text } = reduced.excerpt;
    if (encoder.encode(text).length <= LIMITS.excerptTextBytes) {
        return {
            ...reduced,
            excerpt: { ...reduced.excerpt, lines: reduced.excerpt.lines.slice(-LIMITS.excerptRanges) },
        };
    }
    const lines = text.split("\n");
    while (lines.length > 1 && encoder.encode(lines.join("\n")).length > LIMITS.excerptTextBytes - 64)
        lines.shift();
    text = lines.join("\n");
    return {
        excerpt: { lines: reduced.excerpt.lines.slice(-LIMITS.excerptRanges), text },
        stats: { ...reduced.stats, excerptLines: lines.length, excerptBytes: encoder.encode(text).length },
    };
}
/**
 * The body of POST /v1/failures, from reduced logs — shared by the Action and `acw report`, so both
 * send the same shape. Clips what the contract bounds (names, step lists, file lists) rather than
 * failing a report over a long job name, then validates against the backend's own schema.
 */
function buildFailureReport(context, jobs) {
    const pr = context.pullRequest;
    return FailureReportSchema.parse({
        repository: context.repository,
        runId: context.runId,
        runAttempt: context.runAttempt,
        workflow: clip(context.workflow, 500),
        event: clip(context.event, 100),
        headSha: context.headSha,
        ...(context.headRef ? { headRef: clip(context.headRef, 500) } : {}),
        ...(context.baseSha ? { baseSha: context.baseSha } : {}),
        ...(context.baseRef ? { baseRef: clip(context.baseRef, 500) } : {}),
        ...(pr
            ? {
                pullRequest: {
                    number: pr.number,
                    title: clip(pr.title ?? "", 1000),
                    author: clip(pr.author ?? "unknown", 200),
                    ...(pr.headRepository ? { headRepository: pr.headRepository } : {}),
                },
            }
            : {}),
        changedFiles: (context.changedFiles ?? []).filter((f) => f.length <= 1000).slice(0, LIMITS.changedFiles),
        jobs: jobs.slice(0, LIMITS.jobsPerReport).map((job) => {
            const { excerpt, stats } = fitExcerpt(job.reduced);
            return {
                jobId: job.jobId,
                name: clip(job.name, 500) || `job ${job.jobId}`,
                failedSteps: (job.failedSteps ?? []).slice(0, LIMITS.failedSteps).map((s) => clip(s, 500)),
                excerpt,
                stats,
                ...(job.logUrl && job.logUrl.length <= 2000 ? { logUrl: job.logUrl } : {}),
            };
        }),
    });
}

;// CONCATENATED MODULE: ./action/report/failed-jobs.ts


/** A problem with what the token may do; the message says which permission is missing. */
class PermissionProblem extends Error {
    name = "PermissionProblem";
}
const FAILED = new Set(["failure", "timed_out", "startup_failure"]);
function statusOf(err) {
    const status = err?.status;
    return typeof status === "number" ? status : 0;
}
async function mapLimited(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
/**
 * The failed jobs of the target's attempt, each log downloaded through the API (302 to a signed
 * blob URL, fetched without GitHub credentials), reduced and redacted here: the raw log never
 * leaves the runner.
 */
async function collectFailedJobs(github, target, options) {
    let jobs;
    try {
        jobs = await (0,workflow_jobs/* listRunJobs */.c4)(github, target.owner, target.repo, target.runId, { attempt: target.runAttempt });
    }
    catch (err) {
        const status = statusOf(err);
        if (status === 403 || status === 404 || status === 401) {
            throw new PermissionProblem(`the github-token cannot list the jobs of run ${target.runId} (HTTP ${status}); give the workflow \`permissions: actions: read\``);
        }
        throw err;
    }
    const failed = jobs.filter((j) => j.status === "completed" && j.conclusion !== null && FAILED.has(j.conclusion));
    const stillRunning = jobs.filter((j) => j.status !== "completed" && j.failedSteps.length > 0);
    const unreadable = [];
    const reduced = await mapLimited(failed, 4, async (job) => {
        try {
            const text = await downloadJobLog(github, target.owner, target.repo, job.id);
            const { analysis, reduced } = await (0,logs/* analyzeLog */.L_)(text, { maxLines: options.maxLines });
            options.log?.(`${job.name}: ${reduced.stats.inputLines} log lines → ${reduced.stats.excerptLines} (${reduced.redactions} secrets redacted)`);
            return { job, reduced, heuristic: analysis };
        }
        catch (err) {
            const status = statusOf(err);
            if (status === 403)
                throw new PermissionProblem(`the github-token cannot read the log of job "${job.name}" (HTTP 403); give the workflow \`permissions: actions: read\``);
            const message = err instanceof Error ? err.message : String(err);
            unreadable.push({
                job,
                reason: status && !message.includes(String(status)) ? `HTTP ${status}: ${message}` : message,
            });
            return null;
        }
    });
    return {
        jobs: reduced.filter((r) => r !== null),
        stillRunning,
        unreadable,
        total: jobs.length,
    };
}

;// CONCATENATED MODULE: ./action/report/pull-request.ts


const Pull = schemas.object({
    number: schemas.number().int().positive(),
    title: schemas.string(),
    user: schemas.object({ login: schemas.string() }).nullable(),
    head: schemas.object({ sha: schemas.string(), ref: schemas.string(), repo: schemas.object({ full_name: schemas.string() }).nullable() }),
    base: schemas.object({ sha: schemas.string(), ref: schemas.string() }),
});
const PullFile = schemas.object({ filename: schemas.string() });
/**
 * The pull request of the failing run, read through the API (never checked out): its number comes
 * from the payload, or — for runs from forks, whose workflow_run payload lists no pull requests —
 * from the open PR whose head is the fork's branch at the run's commit.
 */
async function findPullRequest(github, target) {
    const { owner, repo } = target;
    let number = target.pullRequest?.number ?? null;
    if (number === null) {
        if (!target.headRef || !/^pull_request/.test(target.event))
            return null;
        const headOwner = target.headRepository.split("/")[0];
        const candidates = await github.octokit.request("GET /repos/{owner}/{repo}/pulls", {
            owner,
            repo,
            head: `${headOwner}:${target.headRef}`,
            state: "all",
            per_page: 10,
        });
        const list = schemas.array(Pull).parse(candidates.data);
        number = (list.find((p) => p.head.sha === target.headSha) ?? list[0])?.number ?? null;
        if (number === null)
            return null;
    }
    const pull = Pull.parse((await github.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
        owner,
        repo,
        pull_number: number,
    })).data);
    // GitHub lists at most 3000 files of a pull request, as many as a report holds.
    const files = await github.octokit.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
        owner,
        repo,
        pull_number: number,
        per_page: 100,
    });
    return {
        number: pull.number,
        title: pull.title,
        author: pull.user?.login ?? "unknown",
        headRepository: pull.head.repo?.full_name ?? target.headRepository,
        baseSha: /^[0-9a-f]{40}$/.test(pull.base.sha) ? pull.base.sha : null,
        baseRef: pull.base.ref,
        changedFiles: schemas.array(PullFile)
            .parse(files)
            .map((f) => f.filename)
            .slice(0, LIMITS.changedFiles),
    };
}

;// CONCATENATED MODULE: ./action/report/report-run.ts





const FAILED_RUN = new Set(["failure", "timed_out", "startup_failure"]);
/**
 * Report mode, without @actions/core: finds the failed jobs of the target run, reduces their logs
 * here, reports them to the backend (or analyses them in-process) and returns what happened,
 * including every reason something was not done.
 */
async function reportRun(target, deps, settings) {
    const outcome = {
        status: "skipped",
        target,
        backendUrl: settings.backendUrl,
        jobs: [],
        pullRequest: target.pullRequest
            ? { number: target.pullRequest.number, title: target.pullRequest.title ?? null }
            : null,
        skipReason: null,
        problems: [],
        notes: [],
    };
    if (target.conclusion !== null && !FAILED_RUN.has(target.conclusion)) {
        outcome.skipReason = `run ${target.runId} of "${target.workflow}" concluded ${target.conclusion}: nothing failed to report`;
        return outcome;
    }
    let collected;
    try {
        collected = await collectFailedJobs(deps.github, target, {
            maxLines: settings.maxLogLines,
            log: deps.log,
        });
    }
    catch (err) {
        if (!(err instanceof PermissionProblem))
            throw err;
        return { ...outcome, status: "failed", problems: [err.message] };
    }
    for (const { job, reason } of collected.unreadable)
        outcome.problems.push(`the log of job "${job.name}" could not be read: ${reason}`);
    for (const job of collected.stillRunning) {
        outcome.notes.push(`job "${job.name}" has a failed step (${job.failedSteps.join(", ")}) but is still running, so its log cannot be read yet; report it from a separate job (\`needs:\` + \`if: failure()\`) or a workflow_run workflow`);
    }
    if (collected.jobs.length === 0) {
        if (outcome.problems.length > 0 || collected.stillRunning.length > 0) {
            if (outcome.problems.length === 0)
                outcome.problems.push(...outcome.notes.splice(0));
            return { ...outcome, status: "failed" };
        }
        outcome.skipReason = `no failed jobs in attempt ${target.runAttempt} of run ${target.runId} (${collected.total} job(s) listed)`;
        return outcome;
    }
    let pull = null;
    try {
        pull = await findPullRequest(deps.github, target);
        if (pull)
            outcome.pullRequest = { number: pull.number, title: pull.title };
    }
    catch (err) {
        outcome.notes.push(`the pull request could not be read (${err instanceof Error ? err.message : String(err)}); reporting without it`);
    }
    outcome.jobs = await Promise.all(collected.jobs.map((job) => analyseLocally(job, target, pull, deps.provider)));
    if (!deps.backend) {
        if (deps.backendUnavailable) {
            const message = `not reported to ${settings.backendUrl}: ${deps.backendUnavailable.reason}; the analysis below was made on the runner`;
            if (deps.backendUnavailable.expected)
                outcome.notes.push(message);
            else
                outcome.problems.push(message);
        }
        // Unreadable logs are problems too, but the jobs that could be read were still analysed.
        outcome.status = deps.backendUnavailable && !deps.backendUnavailable.expected ? "failed" : "analysed";
        return outcome;
    }
    let accepted;
    try {
        const report = buildFailureReport({
            repository: target.repository,
            runId: target.runId,
            runAttempt: target.runAttempt,
            workflow: target.workflow,
            event: target.event,
            headSha: target.headSha,
            headRef: target.headRef,
            baseSha: pull?.baseSha ?? target.baseSha,
            baseRef: pull?.baseRef ?? target.baseRef,
            pullRequest: pull
                ? {
                    number: pull.number,
                    title: pull.title,
                    author: pull.author,
                    headRepository: pull.headRepository,
                }
                : target.pullRequest,
            changedFiles: pull?.changedFiles ?? [],
        }, collected.jobs.map(({ job, reduced }) => ({
            jobId: job.id,
            name: job.name,
            failedSteps: job.failedSteps,
            logUrl: job.htmlUrl,
            reduced,
        })));
        accepted = await deps.backend.reportFailures(report);
    }
    catch (err) {
        if (!(err instanceof BackendError))
            throw err;
        const what = err.transient
            ? `the backend ${deps.backend.url} could not take the report after ${err.attempts} attempt(s): ${err.message}`
            : err.message;
        outcome.problems.push(`${what}; the analysis below was made on the runner`);
        return { ...outcome, status: "failed" };
    }
    for (const failure of accepted.failures) {
        const job = outcome.jobs.find((j) => j.jobId === failure.jobId);
        if (!job)
            continue;
        job.backend = {
            failureId: failure.failureId,
            statusUrl: failure.statusUrl,
            pageUrl: failurePageUrl(deps.backend.url, failure.failureId),
            duplicate: failure.duplicate,
            status: "received",
            decision: null,
            decisionReason: null,
            fixAttempt: null,
        };
    }
    outcome.status = "reported";
    await waitForAnalyses(outcome.jobs, deps, settings, outcome.notes);
    return outcome;
}
async function analyseLocally({ job, reduced, heuristic }, target, pull, provider) {
    const base = {
        jobId: job.id,
        name: job.name,
        htmlUrl: job.htmlUrl,
        failedSteps: job.failedSteps,
        excerpt: reduced.excerpt,
        stats: reduced.stats,
        redactions: reduced.redactions,
        backend: null,
    };
    if (!provider) {
        return {
            ...base,
            analysis: heuristic,
            source: { kind: "local", provider: "heuristic", model: null, fallbackReason: null },
        };
    }
    const result = await analyzeWithFallback({
        provider,
        heuristic: heuristicFromReduced(reduced),
        context: {
            repository: target.repository,
            workflow: target.workflow,
            job: job.name,
            failedStep: job.failedSteps[0] ?? null,
            prTitle: pull?.title ?? target.pullRequest?.title ?? null,
            changedFiles: pull?.changedFiles ?? [],
        },
        excerpt: reduced.excerpt,
    });
    const used = result.provenance.provider === "anthropic" ? "anthropic" : "heuristic";
    return {
        ...base,
        analysis: result.analysis,
        source: {
            kind: "local",
            provider: used,
            model: result.provenance.model,
            fallbackReason: result.provenance.fallbackReason,
        },
    };
}
function fromBackend(view) {
    return {
        category: view.category,
        subcategory: view.subcategory,
        rootCause: view.rootCause,
        confidence: view.confidence,
        evidence: view.evidence,
        locations: view.locations,
        failedTests: view.failedTests,
        flaky: view.flaky,
        fixStrategy: view.fixStrategy ?? "",
        complexity: view.complexity ?? "moderate",
        autoFixable: view.autoFixable,
    };
}
function applyStatus(job, record, status) {
    record.status = status.status;
    const fix = status.fixAttempts[0];
    record.fixAttempt = fix ? { id: fix.id, status: fix.status } : null;
    if (!status.analysis)
        return false;
    record.decision = status.analysis.decision;
    record.decisionReason = status.analysis.decisionReason;
    job.analysis = fromBackend(status.analysis);
    job.source = { kind: "backend", provider: status.analysis.provider, model: status.analysis.model };
    // The decision is made with the analysis; a fix attempt follows it shortly when one is due.
    return status.analysis.decision !== "fix" || record.fixAttempt !== null;
}
/** Polls the status API until every reported job has its backend analysis, or the wait is over. */
async function waitForAnalyses(jobs, deps, settings, notes) {
    const backend = deps.backend;
    if (!backend || settings.waitForAnalysisMs <= 0)
        return;
    const now = deps.now ?? Date.now;
    const sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const deadline = now() + settings.waitForAnalysisMs;
    let pending = jobs.filter((j) => j.backend !== null);
    while (pending.length > 0) {
        const done = await Promise.all(pending.map(async (job) => {
            try {
                return applyStatus(job, job.backend, await backend.getFailure(job.backend.failureId));
            }
            catch (err) {
                notes.push(`the status of job "${job.name}" could not be read (${err instanceof Error ? err.message : String(err)}); see ${job.backend.pageUrl}`);
                return true;
            }
        }));
        pending = pending.filter((_, i) => !done[i]);
        if (pending.length === 0 || now() >= deadline)
            break;
        await sleep(Math.min(settings.pollIntervalMs ?? 2000, Math.max(0, deadline - now())));
    }
}

;// CONCATENATED MODULE: ./action/summary.ts
/**
 * GitHub shows at most 10 error annotations of a step and drops the rest without a word
 * ("Each step can create a maximum of 10 error annotations"): the 10 are shared out among the jobs.
 */
const ERROR_ANNOTATIONS_PER_STEP = 10;
/** The same limit for warning annotations. */
const WARNING_ANNOTATIONS_PER_STEP = 10;
const MAX_EXCERPT_LINES = 120;
/**
 * GitHub refuses a step summary over 1 MiB, and then shows none of it ("$GITHUB_STEP_SUMMARY upload
 * aborted"). Past this budget, jobs are shown without their evidence, then only counted.
 */
const SUMMARY_BUDGET_BYTES = 1_000_000;
const utf8 = new TextEncoder();
const bytes = (text) => utf8.encode(text).length;
/** Log text and root causes are untrusted: no raw HTML, no table breaks. */
function inline(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, " ");
}
const cell = (text) => inline(text).replace(/\|/g, "\\|");
/** A fence longer than any run of backticks inside, so an excerpt cannot close its own block. */
function fenced(text) {
    const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    return `${fence}text\n${text}\n${fence}`;
}
/** Only paths inside the repository get a link or an annotation. */
function isRepositoryPath(file) {
    return !file.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(file) && !file.split(/[\\/]/).includes("..");
}
function blobUrl(serverUrl, repository, sha, location) {
    const path = location.file.split("/").map(encodeURIComponent).join("/");
    return `${serverUrl.replace(/\/+$/, "")}/${repository}/blob/${sha}/${path}${location.line ? `#L${location.line}` : ""}`;
}
function locationLabel(l) {
    return `${l.file}${l.line ? `:${l.line}` : ""}${l.line && l.column ? `:${l.column}` : ""}`;
}
/** What happens next for a job, in the words a person acts on. */
function nextStep(job) {
    const b = job.backend;
    if (b) {
        const page = `[status](${b.pageUrl})`;
        if (job.source.kind !== "backend") {
            return b.duplicate
                ? `📨 Already reported for this attempt; the backend's analysis is pending — ${page}`
                : `⏳ Analysis queued on the backend — ${page}`;
        }
        const why = b.decisionReason ? `: ${inline(b.decisionReason)}` : "";
        switch (b.decision) {
            case "rerun":
                return `🔁 Re-run suggested${why} — ${page}`;
            case "fix":
                return b.fixAttempt
                    ? `🛠️ Auto-fix queued (attempt ${b.fixAttempt.status}) — [fix attempt](${b.pageUrl})`
                    : `🛠️ Auto-fix decided; the fix workflow is being dispatched — ${page}`;
            case "review":
                return `👀 Sent to reviewers${why} — ${page}`;
            case "escalate":
                return `📣 Escalated to people${why} — ${page}`;
            case "none":
                return `⏸️ No automatic action${why} — ${page}`;
            default:
                return `⏳ Analysed; the next step is being decided — ${page}`;
        }
    }
    const a = job.analysis;
    if (a.flaky || a.category === "infrastructure")
        return "🔁 Re-run suggested: this looks flaky or caused by the infrastructure, not by the change.";
    if (a.autoFixable)
        return `🛠️ Looks mechanically fixable${a.fixStrategy ? ` (${inline(a.fixStrategy)})` : ""}. Run this Action in \`fix\` mode (workflow_dispatch), or report to a backend with auto-fix enabled.`;
    return `👤 Needs a person${a.fixStrategy ? `: ${inline(a.fixStrategy)}` : "."}`;
}
function analysedBy(job) {
    const s = job.source;
    if (s.kind === "backend")
        return `backend (${s.provider}${s.model ? ` ${s.model}` : ""})`;
    const who = s.provider === "anthropic" ? `Anthropic ${s.model ?? ""}`.trim() : "heuristic rules";
    return `${who} on the runner${s.fallbackReason ? ` (fallback: ${inline(s.fallbackReason)})` : ""}`;
}
function excerptBlock(job) {
    const lines = job.excerpt.text.split("\n");
    const shown = lines.length > MAX_EXCERPT_LINES ? lines.slice(-MAX_EXCERPT_LINES) : lines;
    const ranges = job.excerpt.lines.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(", ");
    const redacted = job.redactions > 0 ? `, ${job.redactions} secret(s) redacted` : "";
    const cut = shown.length < lines.length ? `, last ${shown.length} lines shown` : "";
    return [
        `<details><summary>Evidence: log lines ${ranges || "—"} of ${job.stats.inputLines}${redacted}${cut}</summary>`,
        "",
        fenced(shown.join("\n")),
        "",
        "</details>",
    ].join("\n");
}
function jobSection(job, outcome, serverUrl) {
    const a = job.analysis;
    const { repository, headSha } = outcome.target;
    const locations = a.locations.filter((l) => isRepositoryPath(l.file));
    const lines = [
        `### ❌ ${inline(job.name)}${job.htmlUrl ? ` ([log](${job.htmlUrl}))` : ""}`,
        "",
        `**Category:** ${a.category} / ${a.subcategory} · **Confidence:** ${a.confidence}%${a.flaky ? " · **flaky**" : ""} · **Analysed by:** ${analysedBy(job)}`,
        "",
        `**Root cause:** ${inline(a.rootCause)}`,
    ];
    if (job.failedSteps.length > 0)
        lines.push("", `**Failed step(s):** ${job.failedSteps.map(inline).join(", ")}`);
    if (a.failedTests.length > 0)
        lines.push("", `**Failed test(s):** ${a.failedTests.slice(0, 10).map(inline).join(", ")}`);
    if (locations.length > 0) {
        const links = locations
            .slice(0, 10)
            .map((l) => `[${inline(locationLabel(l))}](${blobUrl(serverUrl, repository, headSha, l)})`);
        lines.push("", `**Where:** ${links.join(" · ")}`);
    }
    lines.push("", `**Next step:** ${nextStep(job)}`);
    if (job.backend) {
        lines.push("", `**Backend:** [failure page](${job.backend.pageUrl}) · [status API](${job.backend.statusUrl})${job.backend.duplicate ? " · already reported" : ""}`);
    }
    lines.push("", excerptBlock(job), "");
    return lines.join("\n");
}
/** The job's section without its evidence block, for a summary near GitHub's size limit. */
function compactJobSection(job, outcome, serverUrl) {
    const full = jobSection(job, outcome, serverUrl);
    const cut = full.lastIndexOf("\n<details><summary>Evidence:");
    return `${full.slice(0, cut)}\n\n_Evidence left out: the summary would pass GitHub's 1 MiB limit._\n`;
}
function headline(outcome) {
    const t = outcome.target;
    const run = `[${inline(t.workflow)} run ${t.runId}](${t.runUrl}) (attempt ${t.runAttempt})`;
    const pr = outcome.pullRequest;
    const at = `at \`${t.headSha.slice(0, 7)}\`${pr ? ` of #${pr.number}${pr.title ? ` (${inline(pr.title)})` : ""}` : ""}${t.fromFork ? ` from the fork ${inline(t.headRepository)}` : ""}`;
    const n = outcome.jobs.length;
    switch (outcome.status) {
        case "reported":
            return `Reported ${n} failed job(s) of ${run} ${at} to [the backend](${outcome.backendUrl}).`;
        case "analysed":
            return `Analysed ${n} failed job(s) of ${run} ${at} on the runner (standalone: no backend report).`;
        case "skipped":
            return `⏭️ **Skipped:** ${inline(outcome.skipReason ?? "nothing to report")}. (${run})`;
        case "failed":
            return n > 0
                ? `⚠️ **Not reported.** ${n} failed job(s) of ${run} ${at} were analysed on the runner only.`
                : `⚠️ **No report** for ${run}.`;
    }
}
function renderReportSummary(outcome, options) {
    const parts = ["## CI failure report", "", headline(outcome), ""];
    for (const problem of outcome.problems)
        parts.push(`> [!WARNING]\n> ${inline(problem)}`, "");
    for (const note of outcome.notes)
        parts.push(`> [!NOTE]\n> ${inline(note)}`, "");
    if (outcome.jobs.length > 1) {
        parts.push("| Job | Category | Confidence | Root cause |", "| --- | --- | --- | --- |");
        for (const job of outcome.jobs) {
            const cause = job.analysis.rootCause.length > 120
                ? `${job.analysis.rootCause.slice(0, 119)}…`
                : job.analysis.rootCause;
            parts.push(`| ${cell(job.name)} | ${job.analysis.category} / ${job.analysis.subcategory} | ${job.analysis.confidence}% | ${cell(cause)} |`);
        }
        parts.push("");
    }
    // annotationsOf annotates up to ERROR_ANNOTATIONS_PER_STEP of these locations; any beyond are not.
    const hidden = annotationCandidates(outcome).flat().length - ERROR_ANNOTATIONS_PER_STEP;
    if (hidden > 0)
        parts.push(`> [!NOTE]\n> ${hidden} more location(s) are not annotated: GitHub shows ${ERROR_ANNOTATIONS_PER_STEP} error annotations per step. Each job's **Where** below links its first ten.`, "");
    // Sections in order, each whole or without its evidence, so the summary stays under GitHub's limit.
    const reserve = 2_000;
    let used = bytes(parts.join("\n"));
    let omitted = 0;
    for (const job of outcome.jobs) {
        const full = jobSection(job, outcome, options.serverUrl);
        const section = used + bytes(full) + reserve <= SUMMARY_BUDGET_BYTES
            ? full
            : compactJobSection(job, outcome, options.serverUrl);
        if (used + bytes(section) + reserve > SUMMARY_BUDGET_BYTES) {
            omitted++;
            continue;
        }
        parts.push(section);
        used += bytes(section) + 1;
    }
    if (omitted > 0)
        parts.push(`> [!WARNING]\n> ${omitted} more failed job(s) are not shown: the summary would pass GitHub's 1 MiB limit. The step's \`failures\` output lists every job.`, "");
    return `${parts.join("\n").trimEnd()}\n`;
}
/** Each job's annotatable locations: repository files with a line, once each. */
function annotationCandidates(outcome) {
    return outcome.jobs.map((job) => {
        const a = job.analysis;
        const seen = new Set();
        const out = [];
        for (const l of a.locations) {
            if (!l.line || !isRepositoryPath(l.file))
                continue;
            const key = `${l.file}:${l.line}`;
            if (seen.has(key))
                continue;
            seen.add(key);
            out.push({
                title: `${job.name}: ${a.category} / ${a.subcategory} (${a.confidence}%)`,
                message: a.rootCause,
                file: l.file,
                startLine: l.line,
                ...(l.column ? { startColumn: l.column } : {}),
            });
        }
        return out;
    });
}
/**
 * Error annotations at the repository locations the diagnoses name (shown on the PR's Files tab):
 * at most the 10 GitHub shows, taken in turn from each job (every job's first location before any
 * job's second), in the jobs' order.
 */
function annotationsOf(outcome) {
    const perJob = annotationCandidates(outcome);
    const annotations = [];
    for (let round = 0; annotations.length < ERROR_ANNOTATIONS_PER_STEP; round++) {
        const taken = perJob.filter((list) => round < list.length);
        if (taken.length === 0)
            break;
        for (const list of taken) {
            if (annotations.length === ERROR_ANNOTATIONS_PER_STEP)
                break;
            annotations.push(list[round]);
        }
    }
    return annotations;
}
/** The one-line account of a report's problems, for a warning or the step's failure. */
function problemsMessage(outcome) {
    return `report ${outcome.status === "failed" ? "failed" : "incomplete"}: ${outcome.problems.join("; ")}`;
}
/**
 * The step's warning annotations: each note, the skip, and the problems when the step is not failed
 * for them (`fail-on-error: false`). Past the 10 GitHub shows, the last one counts the notes left to
 * the job summary, so none goes missing without a word.
 */
function warningsOf(outcome, options) {
    const closing = [];
    if (outcome.status === "skipped")
        closing.push(`report skipped: ${outcome.skipReason}`);
    if (outcome.problems.length > 0 && !options.failOnError)
        closing.push(problemsMessage(outcome));
    const room = WARNING_ANNOTATIONS_PER_STEP - closing.length;
    const notes = outcome.notes.length <= room
        ? outcome.notes
        : [
            ...outcome.notes.slice(0, room - 1),
            `${outcome.notes.length - room + 1} more note(s) in the job summary (GitHub shows ${WARNING_ANNOTATIONS_PER_STEP} warnings per step)`,
        ];
    return [...notes, ...closing];
}
/** Step outputs: the first failed job's diagnosis, plus every job as JSON. */
function outputsOf(outcome, options) {
    const first = outcome.jobs[0];
    return {
        "report-status": outcome.status,
        "failed-jobs": String(outcome.jobs.length),
        "failure-id": first?.backend?.failureId ?? "",
        category: first?.analysis.category ?? "",
        subcategory: first?.analysis.subcategory ?? "",
        confidence: first ? String(first.analysis.confidence) : "",
        "root-cause": first?.analysis.rootCause ?? "",
        "analysis-url": first?.backend?.pageUrl ?? (first ? options.summaryUrl : ""),
        failures: JSON.stringify(outcome.jobs.map((j) => ({
            jobId: j.jobId,
            name: j.name,
            failureId: j.backend?.failureId ?? null,
            category: j.analysis.category,
            subcategory: j.analysis.subcategory,
            confidence: j.analysis.confidence,
            rootCause: j.analysis.rootCause,
            decision: j.backend?.decision ?? null,
            url: j.backend?.pageUrl ?? null,
        }))),
    };
}

;// CONCATENATED MODULE: ./action/modes/report.ts








/**
 * Report mode: the glue between @actions/core and reportRun. The Action reads the failing run
 * through the API only — it never checks out or runs the code of the run it reports on, so it is
 * safe in a workflow_run workflow for fork pull requests.
 */
async function reportMode(inputs, env = process.env) {
    const eventName = env.GITHUB_EVENT_NAME ?? "";
    const target = runTargetFrom(env, eventName, await readPayload(env.GITHUB_EVENT_PATH));
    const token = inputs.githubToken || env.GITHUB_TOKEN || "";
    if (!token)
        throw new Error('input "github-token" is empty: report mode reads the run\'s jobs and logs through the API');
    core/* info */.pq(`reporting run ${target.runId} (attempt ${target.runAttempt}) of ${target.repository} found from ${target.via === "workflow_run" ? "the workflow_run event" : "the current run"}`);
    const { backend, backendUnavailable } = connectBackend(inputs, env, target);
    if (inputs.anthropicApiKey)
        core/* setSecret */.Pq(inputs.anthropicApiKey);
    const provider = !inputs.backendUrl && inputs.anthropicApiKey
        ? (0,anthropic/* createAnthropicProvider */.Q)({
            apiKey: inputs.anthropicApiKey,
            ...(inputs.model ? { model: inputs.model } : {}),
            ...(inputs.anthropicBaseUrl ? { baseURL: inputs.anthropicBaseUrl } : {}),
        })
        : null;
    const deps = {
        github: (0,client/* createGitHubClient */.L)({
            token,
            baseUrl: env.GITHUB_API_URL ?? "https://api.github.com",
            userAgent: "agentic-coding-workflow-action",
            log: { debug: core/* debug */.Yz, info: core/* debug */.Yz, warn: core/* warning */.$e, error: core/* warning */.$e },
        }),
        backend,
        backendUnavailable,
        provider,
        log: (line) => core/* info */.pq(line),
    };
    const outcome = await reportRun(target, deps, {
        backendUrl: inputs.backendUrl,
        maxLogLines: inputs.maxLogLines,
        waitForAnalysisMs: inputs.waitForAnalysis * 1000,
        pollIntervalMs: Number(env.ACW_POLL_INTERVAL_MS) || 2000,
    });
    await publish(outcome, inputs, env);
    return outcome;
}
function connectBackend(inputs, env, target) {
    if (!inputs.backendUrl)
        return { backend: null, backendUnavailable: null };
    let bearer;
    if (inputs.apiKey) {
        core/* setSecret */.Pq(inputs.apiKey);
        bearer = async () => inputs.apiKey;
    }
    else if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
        const audience = inputs.backendAudience || inputs.backendUrl;
        // An Actions OIDC token lives for minutes; one serves the report and the status polls after it.
        let cached = null;
        bearer = async () => {
            if (cached && Date.now() - cached.at < 120_000)
                return cached.token;
            try {
                cached = { token: await core/* getIDToken */.V9(audience), at: Date.now() };
                return cached.token;
            }
            catch (err) {
                const why = err instanceof Error ? err.message : String(err);
                throw new BackendError(`no OIDC token for audience ${audience}: ${why}`, 0, "no_oidc_token", false, 1);
            }
        };
    }
    else {
        // Fork pull_request runs get neither an OIDC token nor secrets; that is GitHub's doing, not a misconfiguration.
        const expected = target.via === "current_run" && target.fromFork;
        return {
            backend: null,
            backendUnavailable: {
                expected,
                reason: expected
                    ? "runs of fork pull requests get no OIDC token; report them from a workflow_run workflow (see docs/action.md)"
                    : "no credentials: give the job `permissions: id-token: write` (OIDC) or pass `api-key`",
            },
        };
    }
    const backend = createBackendClient({
        url: inputs.backendUrl,
        token: bearer,
        baseDelayMs: Number(env.ACW_RETRY_BASE_MS) || 1000,
        onRetry: ({ attempt, waitMs, reason }) => core/* info */.pq(`backend attempt ${attempt} failed (${reason}); retrying in ${Math.round(waitMs)} ms`),
    });
    return { backend, backendUnavailable: null };
}
async function publish(outcome, inputs, env) {
    const serverUrl = env.GITHUB_SERVER_URL ?? "https://github.com";
    const summaryUrl = `${serverUrl}/${env.GITHUB_REPOSITORY ?? outcome.target.repository}/actions/runs/${env.GITHUB_RUN_ID ?? outcome.target.runId}`;
    if (env.GITHUB_STEP_SUMMARY)
        await core/* summary */.z.addRaw(renderReportSummary(outcome, { serverUrl }), true).write();
    for (const a of annotationsOf(outcome)) {
        core/* error */.z3(a.message, {
            title: a.title,
            file: a.file,
            startLine: a.startLine,
            ...(a.startColumn ? { startColumn: a.startColumn } : {}),
        });
    }
    for (const [name, value] of Object.entries(outputsOf(outcome, { summaryUrl })))
        core/* setOutput */.uH(name, value);
    // Never a silent green: with fail-on-error off the step passes, but a warning says why.
    for (const warning of warningsOf(outcome, { failOnError: inputs.failOnError }))
        core/* warning */.$e(warning);
    if (outcome.problems.length > 0 && inputs.failOnError)
        core/* setFailed */.C1(problemsMessage(outcome));
}
async function readPayload(path) {
    if (!path)
        return {};
    try {
        return JSON.parse(await (0,promises_.readFile)(path, "utf8"));
    }
    catch (err) {
        throw new Error(`the event payload at GITHUB_EVENT_PATH could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
}


/***/ }),

/***/ 4737:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c4: () => (/* binding */ listRunJobs),
/* harmony export */   oV: () => (/* binding */ toWorkflowJob)
/* harmony export */ });
/* unused harmony exports FAILED_CONCLUSIONS, listFailedJobs */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5156);

const Step = zod__WEBPACK_IMPORTED_MODULE_0__.object({
    name: zod__WEBPACK_IMPORTED_MODULE_0__.string(),
    number: zod__WEBPACK_IMPORTED_MODULE_0__.number().int(),
    status: zod__WEBPACK_IMPORTED_MODULE_0__.string(),
    conclusion: zod__WEBPACK_IMPORTED_MODULE_0__.string().nullable(),
});
const Job = zod__WEBPACK_IMPORTED_MODULE_0__.object({
    id: zod__WEBPACK_IMPORTED_MODULE_0__.number().int(),
    run_id: zod__WEBPACK_IMPORTED_MODULE_0__.number().int(),
    run_attempt: zod__WEBPACK_IMPORTED_MODULE_0__.number().int().optional(),
    workflow_name: zod__WEBPACK_IMPORTED_MODULE_0__.string().nullish(),
    name: zod__WEBPACK_IMPORTED_MODULE_0__.string(),
    status: zod__WEBPACK_IMPORTED_MODULE_0__.string(),
    conclusion: zod__WEBPACK_IMPORTED_MODULE_0__.string().nullable(),
    head_sha: zod__WEBPACK_IMPORTED_MODULE_0__.string(),
    html_url: zod__WEBPACK_IMPORTED_MODULE_0__.string().nullable(),
    started_at: zod__WEBPACK_IMPORTED_MODULE_0__.string().nullable().optional(),
    completed_at: zod__WEBPACK_IMPORTED_MODULE_0__.string().nullable(),
    labels: zod__WEBPACK_IMPORTED_MODULE_0__.array(zod__WEBPACK_IMPORTED_MODULE_0__.string()).default([]),
    steps: zod__WEBPACK_IMPORTED_MODULE_0__.array(Step).default([]),
});
/** Conclusions that mean "this job broke", as opposed to skipped, cancelled by a newer push, neutral. */
const FAILED_CONCLUSIONS = new Set(["failure", "timed_out", "startup_failure"]);
/** A job as GitHub's API answers it (GET …/actions/jobs/{id}, or an item of a run's job list). */
function toWorkflowJob(raw, attempt) {
    const job = Job.parse(raw);
    return {
        id: job.id,
        runId: job.run_id,
        runAttempt: job.run_attempt ?? attempt ?? 1,
        workflowName: job.workflow_name ?? null,
        name: job.name,
        status: job.status,
        conclusion: job.conclusion,
        headSha: job.head_sha,
        htmlUrl: job.html_url,
        completedAt: job.completed_at,
        labels: job.labels,
        failedSteps: job.steps
            .filter((s) => s.conclusion && FAILED_CONCLUSIONS.has(s.conclusion))
            .map((s) => s.name),
    };
}
/**
 * Jobs of one attempt of a run — the latest unless `attempt` is given. A re-run of failed jobs
 * makes a new attempt; only its jobs say whether the run is still failing.
 */
async function listRunJobs(client, owner, repo, runId, options = {}) {
    const raw = options.attempt === undefined
        ? await client.octokit.paginate("GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs", {
            owner,
            repo,
            run_id: runId,
            filter: "latest",
            per_page: 100,
        })
        : await client.octokit.paginate("GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs", {
            owner,
            repo,
            run_id: runId,
            attempt_number: options.attempt,
            per_page: 100,
        });
    return raw.map((job) => toWorkflowJob(job, options.attempt));
}
async function listFailedJobs(client, owner, repo, runId, options = {}) {
    const jobs = await listRunJobs(client, owner, repo, runId, options);
    return jobs.filter((j) => j.conclusion !== null && FAILED_CONCLUSIONS.has(j.conclusion));
}


/***/ })

};
