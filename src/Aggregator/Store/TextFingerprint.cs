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

        // A bit of the hash is set when more than half the shingles have it set.
        Span<int> ones = stackalloc int[64];
        foreach (var hash in shingles)
        {
            for (var bit = 0; bit < 64; bit++)
            {
                ones[bit] += (int)((hash >> bit) & 1);
            }
        }

        ulong result = 0;
        for (var bit = 0; bit < 64; bit++)
        {
            result |= 2 * ones[bit] > shingles.Length ? 1UL << bit : 0;
        }

        return unchecked((long)result);
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
        // Lowercasing maps character by character, so the whole text at once gives each word's lowercase form.
        var lower = (text ?? "").ToLowerInvariant();
        var words = Words(text ?? "");
        if (words.Count < 3)
        {
            return [];
        }

        var shingles = new ulong[words.Count - 2];
        for (var i = 0; i < shingles.Length; i++)
        {
            shingles[i] = Fnv(lower.AsSpan(words[i]), Fnv(lower.AsSpan(words[i + 1]), Fnv(lower.AsSpan(words[i + 2]), 14695981039346656037UL)));
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

    private static List<Range> Words(string text)
    {
        var words = new List<Range>(text.Length / 5);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(start..i);
                start = -1;
            }
        }

        return words;
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
