// Reference readability numbers from a published implementation, for the
// cross-check in plain_test.go (TestReferenceCrossCheck).
//
// Made with: text-readability 1.1.1 (npm, MIT), which counts syllables with
// syllable 5.0.1 (npm, MIT, by Titus Wormer); Node.js 20. Recreate with:
//
//   mkdir /tmp/rd && cd /tmp/rd && npm install text-readability@1.1.1 syllable@5.0.1
//   node <repo>/internal/check/plain/testdata/reference.mjs \
//       <repo>/internal/check/plain/testdata/texts/*.txt <seed.txt> > reference.json
//
// The counts (words, sentences, syllables, polysyllables) are text-readability's
// own. The grades are its formulas computed without its rounding of words per
// sentence and syllables per word to one decimal place (which alone moves a
// grade by up to 0.6). Each line of a text is a unit: a line without closing
// punctuation (a heading) is given a full stop so both tools see the same
// sentence boundaries.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { createRequire } from 'node:module'
const require = createRequire(process.cwd() + '/')
const rs = (await import(require.resolve('text-readability'))).default

const out = []
for (const f of process.argv.slice(2)) {
  const raw = readFileSync(f, 'utf8')
  const text = raw.split('\n').map(l => l.trim()).filter(l => l)
    .map(l => /[.!?]["')\]]*$/.test(l) ? l : l + '.').join('\n')
  const words = rs.lexiconCount(text)
  const sentences = rs.sentenceCount(text)
  const syllables = rs.syllableCount(text)
  const poly = rs.polySyllableCount(text)
  const wps = words / sentences
  const spw = syllables / words
  out.push({
    file: basename(f),
    words, sentences, syllables, polysyllables: poly,
    fleschKincaidGrade: +(0.39 * wps + 11.8 * spw - 15.59).toFixed(2),
    fleschReadingEase: +(206.835 - 1.015 * wps - 84.6 * spw).toFixed(2),
    smog: sentences >= 3 ? +(1.043 * Math.sqrt(30 * poly / sentences) + 3.1291).toFixed(2) : 0,
    textReadabilityFKGrade: rs.fleschKincaidGrade(text)
  })
}
console.log(JSON.stringify({
  generator: 'text-readability 1.1.1 with syllable 5.0.1 (npm); internal/check/plain/testdata/reference.mjs',
  texts: out
}, null, 2))
