using AngleSharp.Dom;

namespace Aggregator.Clean;

/// <summary>
/// What class and id names say about an element: words that mark article bodies and words that
/// mark page furniture, in several languages. Names are split into whole words ("td-adspot-title"
/// gives td, adspot, title; "relatedPosts" gives related, posts) so that "ad" never matches
/// "header", "shadow" or "read".
/// </summary>
internal static class Vocabulary
{
    private static readonly HashSet<string> Content = new(StringComparer.OrdinalIgnoreCase)
    {
        "article", "articlebody", "body", "content", "entry", "main", "post", "text", "story",
        "blog", "prose", "richtext", "storybody", "postbody", "entrytext", "news", "page",
        "inhalt", "artikel", "beitrag", "contenu", "contenido", "conteudo", "contenuto", "cuerpo",
        "corpo", "texto", "testo", "noticia", "tresc", "obsah", "icerik", "haber", "tekst",
    };

    private static readonly HashSet<string> Furniture = new(StringComparer.OrdinalIgnoreCase)
    {
        // advertising
        "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adspot", "adsbygoogle",
        "adslot", "adunit", "adbox", "adwrap", "adwrapper", "adcontainer", "adsense", "dfp", "sponsor",
        "sponsored", "promo", "promotion", "outbrain", "taboola", "werbung", "anzeige", "publicidad",
        "publicite", "pubblicita", "reklama", "banner", "skyscraper",
        // comments and forms
        "comment", "comments", "commentlist", "respond", "reply", "disqus", "captcha", "recaptcha",
        "kommentare", "commentaires", "comentarios", "commenti",
        // sharing and social
        "share", "shares", "sharing", "sharebar", "sharedaddy", "addtoany", "social", "socials",
        "follow", "teilen", "partager", "compartir",
        // related and recirculation
        "related", "relatedposts", "recommended", "recommendations", "recirculation", "readmore",
        "trending", "popular", "mostread", "upnext", "similar", "verwandt", "aehnlich",
        // page chrome
        "sidebar", "randspalte", "seitenleiste", "widget", "widgets", "nav", "navbar", "navigation", "menu", "breadcrumb",
        "breadcrumbs", "pagination", "pager", "masthead", "toolbar", "footer", "header", "topbar",
        "skip", "skiplink", "print", "cookie", "cookies", "consent", "gdpr", "popup", "modal",
        "overlay", "paywall", "login", "signin", "search",
        // subscriptions
        "newsletter", "subscribe", "subscription", "signup", "optin", "abo", "abonnement",
        // about the article rather than the article
        "author", "authors", "bio", "byline", "dateline", "avatar", "meta", "tags", "tagcloud",
        "taglist", "copyright", "disclaimer", "rating",
    };

    // Captions and photo credits: dropped from the text, but never with the image they describe.
    private static readonly HashSet<string> Captions = new(StringComparer.OrdinalIgnoreCase)
    {
        "caption", "captions", "credit", "credits", "copyright", "legende", "bildunterschrift",
    };

    /// <summary>True when the element's class or id says it holds an article body.</summary>
    public static bool SaysContent(IElement element) => HasWord(element, Content);

    /// <summary>True when the element's class or id says it is page furniture.</summary>
    public static bool SaysFurniture(IElement element) => HasWord(element, Furniture);

    /// <summary>True when the element's class or id says it is a caption or photo credit.</summary>
    public static bool SaysCaption(IElement element) => HasWord(element, Captions);

    // Called for every element of a page: words are looked up as spans, never allocated.
    private static bool HasWord(IElement element, HashSet<string> words)
    {
        var lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        var id = element.GetAttribute("id");
        if (id is not null && HasWord(id, lookup))
        {
            return true;
        }

        var classes = element.GetAttribute("class");
        if (classes is null)
        {
            return false;
        }

        foreach (var range in classes.AsSpan().SplitAny(" \t\r\n\f"))
        {
            var name = classes.AsSpan()[range];

            // CMS taxonomy classes ("category-social-issues", "tag-ads") name the article's
            // subject, not the element's role.
            if (!name.StartsWith("category-", StringComparison.OrdinalIgnoreCase)
                && !name.StartsWith("tag-", StringComparison.OrdinalIgnoreCase)
                && HasWord(name, lookup))
            {
                return true;
            }
        }

        return false;
    }

    // Splits a name into words at non-letters and camel humps: "relatedPosts" gives related, posts.
    private static bool HasWord(ReadOnlySpan<char> name, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup)
    {
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var letter = i < name.Length && char.IsLetter(name[i]);
            var camelHump = letter && start >= 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]);
            if (start >= 0 && (!letter || camelHump))
            {
                if (lookup.Contains(name[start..i]))
                {
                    return true;
                }

                start = -1;
            }

            if (letter && start < 0)
            {
                start = i;
            }
        }

        return false;
    }
}
