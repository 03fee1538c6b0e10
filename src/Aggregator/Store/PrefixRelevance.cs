using System.Buffers.Binary;

namespace Aggregator.Store;

/// <summary>
/// bm25 for a search made only of prefixes, each prefix scored as one phrase (as FTS5 scores its own
/// prefixes): its frequency in an item is the sum of its terms' (<see cref="PhraseFrequencies"/>), and
/// its document count is taken from the block of candidates being ranked rather than counted over the
/// whole index, which is what made FTS5's bm25 slow for a prefix written as its terms. With one prefix
/// the document count does not change the order at all (it scales every score alike); with several it
/// weighs each by its share of the block, scaled to the index when the block holds only the newest
/// matches. Same constants as FTS5's bm25 (k1 1.2, b 0.75), and negative like it: lower ranks first.
/// </summary>
internal static class PrefixRelevance
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <param name="block">One block of candidates, newest first: id and <see cref="PhraseFrequencies"/>'s blob.</param>
    /// <param name="phrasePrefixes">The prefix of each phrase of the expression (<see cref="PrefixExpansion.PhrasePrefixes"/>).</param>
    /// <param name="exact">The block holds every match of the search, so its counts are the documents' counts.</param>
    public static double[] Score(IReadOnlyList<(long Id, byte[] Frequencies)> block, IReadOnlyList<string?> phrasePrefixes, bool exact)
    {
        var groups = phrasePrefixes.Distinct().ToList();
        var groupOf = phrasePrefixes.Select(p => groups.IndexOf(p)).ToArray();
        var frequencies = new double[block.Count, groups.Count];
        var lengths = new int[block.Count];
        var documents = new int[groups.Count];
        long rows = 1, tokens = 1;
        for (var n = 0; n < block.Count; n++)
        {
            var blob = block[n].Frequencies.AsSpan();
            (rows, tokens, lengths[n]) = (BinaryPrimitives.ReadInt64LittleEndian(blob), BinaryPrimitives.ReadInt64LittleEndian(blob[8..]), BinaryPrimitives.ReadInt32LittleEndian(blob[16..]));
            for (var at = 20; at + 12 <= blob.Length; at += 12)
            {
                var phrase = BinaryPrimitives.ReadInt32LittleEndian(blob[at..]);
                if (phrase < groupOf.Length)
                {
                    documents[groupOf[phrase]] += frequencies[n, groupOf[phrase]] == 0 ? 1 : 0;
                    frequencies[n, groupOf[phrase]] += BinaryPrimitives.ReadDoubleLittleEndian(blob[(at + 4)..]);
                }
            }
        }

        // The newest matches stand for the items of their id range: a prefix in a tenth of them is taken
        // to be in a tenth of the range's items, and the range's share of the index scales that up.
        var span = block.Count == 0 ? 1 : block.Max(c => c.Id) - block.Min(c => c.Id) + 1;
        var scale = exact ? 1.0 : rows / (double)Math.Max(span, block.Count);
        var weights = documents.Select(d => Math.Min(d * scale, rows)).Select(d => Math.Max(Math.Log((rows - d + 0.5) / (d + 0.5)), 1e-6)).ToArray();
        var averageLength = tokens / (double)Math.Max(rows, 1);
        var scores = new double[block.Count];
        for (var n = 0; n < block.Count; n++)
        {
            for (var g = 0; g < groups.Count; g++)
            {
                var f = frequencies[n, g];
                scores[n] -= weights[g] * (f * (K1 + 1)) / (f + (K1 * (1 - B + (B * lengths[n] / averageLength))));
            }
        }

        return scores;
    }
}
