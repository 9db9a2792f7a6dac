/** Did-you-mean for config and command-line messages: the candidate nearest to a misspelt word. */

/** Optimal string alignment distance: Levenshtein plus adjacent swaps, the commonest typo. */
function editDistance(a: string, b: string): number {
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
        Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.length][b.length];
}

/**
 * The candidate nearest to `word` (case-blind), when it is near enough to be the one meant:
 * within two edits, or a third of the word's length for longer words.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
    let best: { candidate: string; distance: number } | undefined;
    for (const candidate of candidates) {
        const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (distance <= Math.max(2, Math.floor(candidate.length / 3))) {
            if (best === undefined || distance < best.distance) best = { candidate, distance };
        }
    }
    return best?.candidate;
}
