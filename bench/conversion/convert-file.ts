/**
 * One conversion of a local file with the service's engine, as the Convert step runs it but with
 * files for S3: `node bench/conversion/convert-file.ts <input> <output> <from> <to>`. Prints the
 * records read as JSON on stdout; the caller measures time and peak memory.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { convert } from '#conversion/convert';
import type { Format } from '#conversion/scheme';

const [input, output, from, to] = process.argv.slice(2) as [string, string, Format, Format];
if (!to) throw new Error('usage: convert-file.ts <input> <output> <from> <to>');
const conversion = convert({
  from,
  to,
  open: () => createReadStream(input, { highWaterMark: 256 * 1024 }),
});
await pipeline(Readable.from(conversion.output), createWriteStream(output));
console.log(JSON.stringify({ records: conversion.progress.records }));
