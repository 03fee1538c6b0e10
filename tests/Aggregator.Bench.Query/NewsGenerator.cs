using System.Text;
using Aggregator.Store;

namespace Aggregator.Bench.Query;

/// <summary>
/// Deterministic news-like items: Zipf-distributed vocabulary (real news words at the head, 40k
/// synthetic words in the tail), log-normal article lengths around 300 words, 200 sources of
/// uneven size, 3,000 authors, 60 categories, mostly English, spread over two years.
/// </summary>
internal sealed class NewsGenerator(int seed)
{
    /// <summary>Function words take the head of the distribution, as in any English text.</summary>
    private static readonly string[] FunctionWords = "the of to and a in that is for on said with he it was as at by from his be have has are an but not they who".Split(' ');

    /// <summary>Topic words sit from rank 200 down, 20 ranks apart: each is in a few percent of articles, as "election" is in real news.</summary>
    public static readonly string[] NewsWords = """
        government president minister election police people year new city state court report officials country
        war military security health school market economy prices company workers police trade talks peace deal
        vote party leader parliament law crisis energy climate water fire storm killed attack support public
        million billion percent week month rights women children family hospital covid vaccine border migrants
        tax budget bank inflation rates oil gas power football league team season coach match final cup players
        film music festival art book study research university scientists space data technology internet
        phone apps online social media twitter facebook google apple amazon microsoft china russia ukraine
        taliban afghanistan iran israel gaza europe france germany britain india japan africa brazil mexico
        washington london paris berlin moscow beijing kabul doha brussels prime protest strike union judge
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);

    public static readonly string[] Categories = [.. """
        Politics World Business Sport Technology Science Health Culture Opinion Europe Asia Africa Americas
        Middle-East Climate Economy Markets Football Tennis Film Music Books Education Crime Justice Elections
        Energy Transport Travel Food Media Religion Environment Defence Security Migration Housing Weather
        Space AI Startups Banking Property Fashion Art Theatre Television Gaming Cycling Olympics Rugby
        Cricket Golf Motorsport Local National Investigations Analysis Explainers Obituaries
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)];

    private static readonly string[] Languages = ["en", "en", "en", "en", "en-gb", "en-us", "de", "fr", "es", "it"];
    private const int Vocabulary = 40_000;
    private static readonly string[] Words = Ranked();
    private static readonly double[] Cumulative = ZipfCumulative(Words.Length);

    private readonly Random _random = new(seed);

    public static readonly DateTimeOffset Start = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Span = TimeSpan.FromDays(730);

    public int SourceOf(int n) => (int)Math.Min(199, Math.Floor(200 * Math.Pow(_random.NextDouble(), 2)));

    public ItemDraft Next(int n, int total)
    {
        var title = Sentence(6 + _random.Next(8));
        var words = (int)Math.Clamp(Math.Exp(5.7 + (0.6 * Gaussian())), 30, 3000);
        var text = Paragraphs(words);
        var categories = Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => Categories[(int)(Categories.Length * Math.Pow(_random.NextDouble(), 2))]).Distinct().ToArray();
        var published = Start + (Span * ((double)n / total)) + TimeSpan.FromMinutes(_random.Next(-60, 60));
        var enclosure = _random.Next(20) == 0 ? new[] { new StoredEnclosure($"https://cdn.example/{n}.mp3", "audio/mpeg", 1_000_000) } : [];
        return new ItemDraft(
            $"item-{n}", $"https://news.example/{n}", $"https://news.example/{n}", title, $"Author {_random.Next(3000)}",
            published, null, text.Length > 300 ? text[..300] : text, null, text, categories, enclosure, $"h{n}",
            Languages[_random.Next(Languages.Length)]);
    }

    private string Paragraphs(int words)
    {
        var text = new StringBuilder(words * 7);
        while (words > 0)
        {
            var paragraph = Math.Min(words, 30 + _random.Next(60));
            text.Append(text.Length == 0 ? "" : "\n\n").Append(Sentence(paragraph));
            words -= paragraph;
        }

        return text.ToString();
    }

    private string Sentence(int words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            var word = Word();
            text.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(i == words - 1 ? "." : _random.Next(12) == 0 ? ", " : " ");
        }

        return text.ToString();
    }

    public string Word()
    {
        var index = Array.BinarySearch(Cumulative, _random.NextDouble());
        return Words[Math.Min(index < 0 ? ~index : index, Words.Length - 1)];
    }

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private static string[] Ranked()
    {
        var words = Enumerable.Range(0, Vocabulary).Select(Synthetic).ToList();
        words.InsertRange(0, FunctionWords);
        for (var i = 0; i < NewsWords.Length; i++)
        {
            words.Insert(200 + (20 * i), NewsWords[i]);
        }

        return [.. words];
    }

    private static double[] ZipfCumulative(int count)
    {
        var weights = Enumerable.Range(1, count).Select(rank => 1.0 / rank).ToArray();
        var sum = weights.Sum();
        var cumulative = new double[count];
        var running = 0.0;
        for (var i = 0; i < count; i++)
        {
            running += weights[i] / sum;
            cumulative[i] = running;
        }

        return cumulative;
    }

    private static string Synthetic(int n)
    {
        string[] syllables = ["ka", "lo", "mi", "ter", "san", "dor", "vel", "ri", "po", "nex", "ta", "bru", "gil", "fen", "os", "ul"];
        var word = new StringBuilder();
        for (var x = n + 17; x > 0; x /= 16)
        {
            word.Append(syllables[x % 16]);
        }

        return word.ToString();
    }
}
