using System.Numerics;

namespace Aggregator.Store;

/// <summary>
/// A 64-bit SimHash over three-word shingles of an item's title and text: copies of one story
/// with small edits (a changed word, a different footer) land a few bits apart.
/// </summary>
internal static class TextFingerprint
{
    /// <summary>Texts shorter than this say too little to tell stories apart.</summary>
    public const int MinWords = 24;

    /// <summary>Fingerprints at most this many bits apart are the same story.</summary>
    public const int MaxDistance = 3;

    public static long? Of(string? title, string? text)
    {
        var words = Words($"{title} {text}");
        if (words.Count < MinWords)
        {
            return null;
        }

        Span<int> weights = stackalloc int[64];
        for (var i = 0; i + 2 < words.Count; i++)
        {
            var hash = Fnv(words[i], Fnv(words[i + 1], Fnv(words[i + 2], 14695981039346656037UL)));
            for (var bit = 0; bit < 64; bit++)
            {
                weights[bit] += ((hash >> bit) & 1) == 1 ? 1 : -1;
            }
        }

        ulong result = 0;
        for (var bit = 0; bit < 64; bit++)
        {
            result |= weights[bit] > 0 ? 1UL << bit : 0;
        }

        return unchecked((long)result);
    }

    public static bool AreNear(long a, long b) => BitOperations.PopCount(unchecked((ulong)(a ^ b))) <= MaxDistance;

    private static List<string> Words(string text)
    {
        var words = new List<string>();
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
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }

    /// <summary>FNV-1a: stable across runs and processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static ulong Fnv(string word, ulong hash)
    {
        foreach (var c in word)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (hash ^ ' ') * 1099511628211UL;
    }
}
