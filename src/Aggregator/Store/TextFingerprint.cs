using System.Buffers;
using System.Numerics;

namespace Aggregator.Store;

/// <summary>
/// A 64-bit SimHash over three-word shingles of an item's text: copies of one story with small
/// edits (a changed word, a different footer) land a few bits apart, unrelated texts about 32.
/// The hash only picks candidates cheaply; <see cref="Similarity(string?, string?)"/> over the shingles decides.
/// Titles are left out: outlets reword headlines more than bodies.
/// </summary>
internal static class TextFingerprint
{
    /// <summary>Texts shorter than this say too little to tell stories apart.</summary>
    public const int MinWords = 24;

    /// <summary>Fingerprints at most this many bits apart are compared in full.</summary>
    public const int MaxDistance = 12;

    /// <summary>Texts sharing at least this share of their shingles (Jaccard) are the same story.</summary>
    public const double MinSimilarity = 0.7;

    public static long? Of(string? text) => Of(ShinglesOf(text));

    /// <summary>The fingerprint of a text whose shingles <see cref="ShinglesOf"/> computed.</summary>
    public static long? Of(ReadOnlySpan<ulong> shingles)
    {
        if (shingles.Length < MinWords)
        {
            return null;
        }

        // A bit of the hash is set when more than half the shingles have it set. The count of each bit
        // is kept in a byte lane: one table lookup and one add per byte of a shingle instead of a
        // step per bit, flushed into whole counts before a lane can overflow.
        Span<int> ones = stackalloc int[64];
        Span<ulong> lanes = stackalloc ulong[8];
        var pending = 0;
        foreach (var hash in shingles)
        {
            for (var b = 0; b < 8; b++)
            {
                lanes[b] += ByteBits[(int)(hash >> (8 * b)) & 0xFF];
            }

            if (++pending == byte.MaxValue)
            {
                Flush(lanes, ones);
                pending = 0;
            }
        }

        Flush(lanes, ones);
        ulong result = 0;
        for (var bit = 0; bit < 64; bit++)
        {
            result |= 2 * ones[bit] > shingles.Length ? 1UL << bit : 0;
        }

        return unchecked((long)result);
    }

    /// <summary>For each byte value, its eight bits spread one per byte: byte k is bit k.</summary>
    private static readonly ulong[] ByteBits = [.. Enumerable.Range(0, 256).Select(value =>
        Enumerable.Range(0, 8).Aggregate(0UL, (spread, k) => spread | ((ulong)((value >> k) & 1) << (8 * k))))];

    /// <summary>Adds the byte lanes' counts to the bits' counts and empties the lanes.</summary>
    private static void Flush(Span<ulong> lanes, Span<int> ones)
    {
        for (var b = 0; b < 8; b++)
        {
            for (var k = 0; k < 8; k++)
            {
                ones[(8 * b) + k] += (int)((lanes[b] >> (8 * k)) & 0xFF);
            }

            lanes[b] = 0;
        }
    }

    public static bool AreNear(long a, long b) => Distance(a, b) <= MaxDistance;

    /// <summary>How many bits two fingerprints differ in.</summary>
    public static int Distance(long a, long b) => BitOperations.PopCount(unchecked((ulong)(a ^ b)));

    /// <summary>Jaccard similarity of the two texts' shingle sets.</summary>
    public static double Similarity(string? a, string? b) => Similarity(ShinglesOf(a), b);

    /// <summary>Jaccard similarity of a text's shingles, computed once by <see cref="ShinglesOf"/>, and another text's.</summary>
    public static double Similarity(ReadOnlySpan<ulong> left, string? b) => Similarity(left, ShinglesOf(b));

    /// <summary>Jaccard similarity of two shingle sets as <see cref="ShinglesOf"/> gives them: one merge of two sorted arrays.</summary>
    public static double Similarity(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right)
    {
        var (i, j, common) = (0, 0, 0);
        while (i < left.Length && j < right.Length)
        {
            var order = left[i].CompareTo(right[j]);
            common += order == 0 ? 1 : 0;
            i += order <= 0 ? 1 : 0;
            j += order >= 0 ? 1 : 0;
        }

        var union = left.Length + right.Length - common;
        return union == 0 ? 0 : (double)common / union;
    }

    /// <summary>
    /// The distinct hashes of a text's three-word shingles, sorted: a set that needs no hash table
    /// to build or to intersect (the comparisons run inside the write turn).
    /// </summary>
    public static ulong[] ShinglesOf(string? text)
    {
        text ??= "";
        var rented = ArrayPool<int>.Shared.Rent(text.Length + 1);
        var lowerRented = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            // Lowercasing maps character by character, so the whole text at once gives each word's lowercase form.
            var lower = lowerRented.AsSpan(0, text.Length);
            text.AsSpan().ToLowerInvariant(lower);
            var words = Words(text, rented);
            if (words < 3)
            {
                return [];
            }

            // Word w runs from bounds[2w] to bounds[2w + 1].
            var bounds = rented.AsSpan(0, 2 * words);
            var shingles = new ulong[words - 2];
            for (var i = 0; i < shingles.Length; i++)
            {
                var (a, b, c) = (2 * i, (2 * i) + 2, (2 * i) + 4);
                shingles[i] = Fnv(lower[bounds[a]..bounds[a + 1]], Fnv(lower[bounds[b]..bounds[b + 1]], Fnv(lower[bounds[c]..bounds[c + 1]], 14695981039346656037UL)));
            }

            Array.Sort(shingles);
            var distinct = 0;
            for (var i = 0; i < shingles.Length; i++)
            {
                if (i == 0 || shingles[i] != shingles[distinct - 1])
                {
                    shingles[distinct++] = shingles[i];
                }
            }

            return distinct == shingles.Length ? shingles : shingles[..distinct];
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
            ArrayPool<char>.Shared.Return(lowerRented);
        }
    }

    /// <summary>Writes each word's start and end into <paramref name="bounds"/> (a word is a run of letters and digits) and says how many there are.</summary>
    private static int Words(string text, int[] bounds)
    {
        var count = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (text[i] < 128 ? char.IsAsciiLetterOrDigit(text[i]) : char.IsLetterOrDigit(text[i]));
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                bounds[count++] = start;
                bounds[count++] = i;
                start = -1;
            }
        }

        return count / 2;
    }

    /// <summary>FNV-1a: stable across runs and processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static ulong Fnv(ReadOnlySpan<char> word, ulong hash)
    {
        foreach (var c in word)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (hash ^ ' ') * 1099511628211UL;
    }
}
