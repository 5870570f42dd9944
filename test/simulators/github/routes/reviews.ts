import type { Hono } from "hono";
import {
  findRepo,
  ghError,
  intParam,
  readJson,
  route,
  type SimContext,
  type SimEnv,
  type SimServices,
} from "../context.js";
import type { SimReview } from "../state.js";

/** What GitHub calls each state in its "Can not dismiss a … pull request review" refusal. */
const UNDISMISSABLE: Partial<Record<SimReview["state"], string>> = {
  COMMENTED: "commented",
  PENDING: "pending",
  DISMISSED: "dismissed",
};

/** Changes to submitted reviews: dismissing an approval or change request, editing a review's body. */
export function reviewRoutes(app: Hono<SimEnv>, { state }: SimServices): void {
  const findReview = (c: SimContext): SimReview | undefined => {
    const repo = findRepo(c, state);
    const pull = repo && state.pull(repo.fullName, intParam(c, "pull_number"));
    if (!pull) return undefined;
    const id = intParam(c, "review_id");
    return state.reviews.find((r) => r.id === id && r.repo === pull.repo && r.pullNumber === pull.number);
  };
  // GitHub validates request bodies against a JSON schema and answers in this form.
  const missing = (field: string) => ghError(422, `Invalid request.\n\n"${field}" wasn't supplied.`);

  route(
    app,
    { method: "PUT", path: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals" },
    async (c) => {
      const review = findReview(c);
      if (!review) return ghError(404, "Not Found");
      const body = (await readJson(c)) ?? {};
      if (typeof body.message !== "string") return missing("message");
      if (body.event !== undefined && body.event !== "DISMISS") {
        return ghError(
          422,
          `Invalid request.\n\n${JSON.stringify(body.event)} is not a member of ["DISMISS"].`,
        );
      }
      const refused = UNDISMISSABLE[review.state];
      if (refused) return ghError(422, `Can not dismiss a ${refused} pull request review`);
      review.state = "DISMISSED";
      review.dismissal = { message: body.message, by: c.get("token").login, at: state.iso() };
      return c.json(c.get("shapes").review(review));
    },
  );

  route(
    app,
    { method: "PUT", path: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}" },
    async (c) => {
      const review = findReview(c);
      if (!review) return ghError(404, "Not Found");
      const body = (await readJson(c)) ?? {};
      if (typeof body.body !== "string") return missing("body");
      review.previousBodies = [...(review.previousBodies ?? []), review.body];
      review.body = body.body;
      return c.json(c.get("shapes").review(review));
    },
  );
}
