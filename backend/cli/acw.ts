import { analyzeCommand } from "./analyze.js";
import { reportCommand } from "./report.js";

/** A subcommand: gets its own arguments, returns the process exit code. */
export interface CliCommand {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

/** Subcommands by name; add one here (e.g. `report` from ./report.js) to extend `acw`. */
export const COMMANDS: Record<string, CliCommand> = {
  analyze: analyzeCommand,
  report: reportCommand,
};

function help(): string {
  const lines = ["Usage: acw <command> [options]", "", "Commands:"];
  for (const [name, command] of Object.entries(COMMANDS))
    lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  lines.push("", "Run `acw <command> --help` for a command's options.");
  return lines.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${help()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`acw: unknown command "${name}"\n\n${help()}\n`);
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run(args);
}

process.exitCode = await main(process.argv.slice(2));
