import { Layout } from "../layout.js";
import type { Viewer } from "../session.js";

/** 403 / 404 / 500 as a page, with the way back; never a stack or a query. */
export function ProblemPage(props: { viewer?: Viewer; title: string; message: string }) {
  return (
    <Layout title={props.title} viewer={props.viewer}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">Back to the overview</a>
      </p>
    </Layout>
  );
}
