#!/usr/bin/env node
// `dfk`, the command line of the Tasks API (cli/README.md). Run as `npx dfk …` or `node cli/dfk.ts …`.
import { main } from './main.ts';

process.exit(await main(process.argv));
