using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.Clean;

/// <summary>
/// Removes short blocks whose words, not their markup, give them away: "Advertisement" labels,
/// "Related:" and "Read more" lines, "Image 1 of 5", bylines, datelines, form validation
/// messages and "The post … appeared first on …" footers; and the lists that follow a
/// "More articles" or "Related" heading.
/// </summary>
internal static partial class BoilerplatePhrases
{
    private const int ShortBlock = 120;

    private const string Candidates =
        "p, div, span, li, h2, h3, h4, h5, h6, strong, em, small, b, i, time, a, dt, dd, section";

    /// <summary>Removes the boilerplate phrases found in <paramref name="root"/>, in place.</summary>
    public static void Remove(IElement root)
    {
        foreach (var element in root.QuerySelectorAll(Candidates).ToList())
        {
            if (ElementText.Length(element) > 300 || element.QuerySelector("img, picture, table") is not null)
            {
                continue;
            }

            var text = ElementText.Normalized(element);
            if (IsRecirculationHeading(element, text))
            {
                RemoveFollowingLinks(element);
                element.Remove();
            }
            else if (IsBoilerplate(element, text))
            {
                element.Remove();
            }
        }
    }

    private static bool IsBoilerplate(IElement element, string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        if (AppearedFirst().IsMatch(text))
        {
            return true;
        }

        if (text.Length > ShortBlock)
        {
            return false;
        }

        return Label().IsMatch(text)
            || Pitch().IsMatch(text)
            || Pagination().IsMatch(text)
            || Gallery().IsMatch(text)
            || Validation().IsMatch(text)
            || Byline().IsMatch(text)
            || IsDateline(text)
            || (LinkLead().IsMatch(text) && ElementText.LinkDensity(element) >= 0.5)
            || IsLinkOnlyParagraph(element);
    }

    // A paragraph that is nothing but one link is a promo for another page ("READ MORE ON …",
    // a teaser headline), not a sentence of this one.
    private static bool IsLinkOnlyParagraph(IElement element) =>
        element.LocalName == "p"
        && ElementText.LinkDensity(element) >= 0.9
        && element.QuerySelectorAll("a").Length == 1;

    private static bool IsRecirculationHeading(IElement element, string text) =>
        element.LocalName is "h2" or "h3" or "h4" or "h5" or "h6"
        && text.Length <= 60
        && RecirculationTitle().IsMatch(text);

    // After "More articles" come teaser lists and cards: drop siblings while they are mostly
    // links or teasers (a linked picture and a line of text).
    private static void RemoveFollowingLinks(IElement heading)
    {
        while (heading.NextElementSibling is { } next && IsTeaser(next))
        {
            next.Remove();
        }
    }

    private static bool IsTeaser(IElement element)
    {
        var length = ElementText.Length(element);
        return length == 0
            || ElementText.LinkDensity(element) >= 0.5
            || (element.QuerySelector("a img, a picture") is not null && length < 200);
    }

    // A block that is only a date ("Thursday, June 13, 2024", "Updated 13.06.2024 10:30") is
    // a dateline or the page's date bar, never a sentence of the article.
    private static bool IsDateline(string text)
    {
        if (text.Length > 60 || !text.Any(char.IsDigit))
        {
            return false;
        }

        var stripped = DatePrefix().Replace(text, string.Empty).Trim();
        return DateTime.TryParse(stripped, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _)
            || NumericDate().IsMatch(stripped);
    }

    [GeneratedRegex(@"^\W*(advertisement|advertising|advertisements|adverts?|ads?|sponsored( content)?|anzeige|werbung|publicité|publicidad|pubblicità|reklama|continue reading below|story continues below( advertisement)?|article continues below|scroll to continue|share( this( article| story| post)?)?|follow us.*|tweet|print|email|cancel reply|leave a (reply|comment)|post comment|comments?|\d+ comments?|subscribe( now)?|sign up( now)?|related|recommended|more articles|read more|loading\.*|добавить (отзыв|комментарий)|оставить комментарий|комментарии|отзывы)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex Label();

    [GeneratedRegex(@"(\bclick(ing)? here\b|requires javascript|enable javascript|^like this (story|article|post)\?|^tell us what you think|^share (it|this)( story| article)? with|^(get|download) (the|our) .{0,30}app\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Pitch();

    [GeneratedRegex(@"^\W*\d+(\W+\d+)+\W*$")]
    private static partial Regex Pagination();

    [GeneratedRegex(@"^\W*(image|photo|picture|slide|foto|bild)\s*\d+\s*(of|/|von|de|sur)\s*\d+", RegexOptions.IgnoreCase)]
    private static partial Regex Gallery();

    [GeneratedRegex(@"^(please (enter|fill|provide|type)|captcha|this field is required|invalid (email|e-mail)|you must be logged in|your email address will not be published|required fields are marked|save my name)", RegexOptions.IgnoreCase)]
    private static partial Regex Validation();

    // Only the lead word ignores case: a byline's name is capitalised, a sentence's next word is not.
    [GeneratedRegex(@"^(?i:by|von|par|por|di|door|av|autor|author|written by|posted by|reporting by|editing by)\s*:?\s+\p{Lu}[^.!?]{0,60}$")]
    private static partial Regex Byline();

    [GeneratedRegex(@"^(published|updated|posted|last updated|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|on)\s*:?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex DatePrefix();

    [GeneratedRegex(@"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(,?\s+\d{1,2}:\d{2}(\s*[ap]\.?m\.?)?)?(\s*\w{1,5})?$", RegexOptions.IgnoreCase)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"^(the post|this post|the article) .+ (appeared first on|was first published on|first appeared on) .+", RegexOptions.IgnoreCase)]
    private static partial Regex AppearedFirst();

    [GeneratedRegex(@"^\W*(related|read more|read also|also read|see also|more|recommended|watch|listen|read|lesen sie auch|mehr zum thema|lire aussi|à lire aussi|lee también|leia também|leggi anche)\s*[:：»>|-]", RegexOptions.IgnoreCase)]
    private static partial Regex LinkLead();

    [GeneratedRegex(@"^\W*(more articles|more stories|more news|related( articles| posts| stories| content| news| coverage)?|you (may|might) also like|recommended( for you| stories| articles)?|read more|read next|most (read|popular|viewed)|popular (posts|stories)|trending( now)?|more from .+|further reading|also on .+|latest (news|posts|stories)|comments?|leave a (reply|comment)|mehr zum thema|das könnte sie auch interessieren|à lire aussi|noticias relacionadas|leia também|самые популярные.*|популярные .+|читайте также|смотрите также|похожие .+|другие новости|отзывы|комментарии)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex RecirculationTitle();
}
