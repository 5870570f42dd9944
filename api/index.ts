// Vercel's file-based routing entry: everything is rewritten here (vercel.json) and handled by
// the edge entry. Set the environment variables listed in wrangler.toml in the project settings.
export { config, default } from "../backend/entries/vercel.js";
