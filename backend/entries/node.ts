import { startNodeBackend } from "../runtime/node.js";

// `npm start`: the backend on Node. With no environment it runs on embedded defaults.
startNodeBackend(process.env).catch((err: unknown) => {
  console.error(err instanceof Error ? `acw: ${err.message}` : err);
  process.exit(1);
});
