using System.Text;
using Aggregator.Store;

namespace Aggregator.Tests.Store;

/// <summary>
/// Stored fingerprints are compared with new ones for a week, so a faster <see cref="TextFingerprint"/>
/// must give exactly what the first version gave: it is kept here, step by step, as the reference.
/// </summary>
public sealed class TextFingerprintTests
{
    [Fact]
    public void ShinglesAndFingerprintsAreThoseOfTheReference()
    {
        var random = new Random(7);
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789      ,.;-'\"\n\tÉéÀàßøŒœİıΣσςДдЖж中文日本語😀\u00A0\u2014";
        for (var n = 0; n < 400; n++)
        {
            var text = new StringBuilder();
            var words = random.Next(0, n < 50 ? 30 : 1200);
            for (var w = 0; w < words; w++)
            {
                // Few distinct words, so texts repeat shingles as real ones do.
                var word = random.Next(4) == 0
                    ? new string([.. Enumerable.Range(0, random.Next(1, 9)).Select(_ => alphabet[random.Next(alphabet.Length)])])
                    : $"w{random.Next(60)}";
                text.Append(word).Append(random.Next(5) == 0 ? ", " : " ");
            }

            var input = text.ToString();
            var expected = ReferenceShingles(input);
            var actual = TextFingerprint.ShinglesOf(input);
            Assert.Equal(expected, actual);
            Assert.Equal(ReferenceFingerprint(expected), TextFingerprint.Of(actual));
        }

        Assert.Empty(TextFingerprint.ShinglesOf(null));
    }

    private static ulong[] ReferenceShingles(string text)
    {
        var lower = text.ToLowerInvariant();
        var words = new List<Range>();
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

        if (words.Count < 3)
        {
            return [];
        }

        var shingles = new ulong[words.Count - 2];
        for (var i = 0; i < shingles.Length; i++)
        {
            shingles[i] = Fnv(lower.AsSpan(words[i]), Fnv(lower.AsSpan(words[i + 1]), Fnv(lower.AsSpan(words[i + 2]), 14695981039346656037UL)));
        }

        return [.. shingles.Distinct().Order()];
    }

    private static long? ReferenceFingerprint(ulong[] shingles)
    {
        if (shingles.Length < TextFingerprint.MinWords)
        {
            return null;
        }

        var ones = new int[64];
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

    private static ulong Fnv(ReadOnlySpan<char> word, ulong hash)
    {
        foreach (var c in word)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (hash ^ ' ') * 1099511628211UL;
    }
}
