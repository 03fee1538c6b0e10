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
    private static readonly HashSet<string> Content = new(StringComparer.Ordinal)
    {
        "article", "articlebody", "body", "content", "entry", "main", "post", "text", "story",
        "blog", "prose", "richtext", "storybody", "postbody", "entrytext", "news", "page",
        "inhalt", "artikel", "beitrag", "contenu", "contenido", "conteudo", "contenuto", "cuerpo",
        "corpo", "texto", "testo", "noticia", "tresc", "obsah", "icerik", "haber", "tekst",
    };

    private static readonly HashSet<string> Furniture = new(StringComparer.Ordinal)
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
    private static readonly HashSet<string> Captions = new(StringComparer.Ordinal)
    {
        "caption", "captions", "credit", "credits", "copyright", "legende", "bildunterschrift",
    };

    /// <summary>True when the element's class or id says it holds an article body.</summary>
    public static bool SaysContent(IElement element) => Words(element).Any(Content.Contains);

    /// <summary>True when the element's class or id says it is page furniture.</summary>
    public static bool SaysFurniture(IElement element) => Words(element).Any(Furniture.Contains);

    /// <summary>True when the element's class or id says it is a caption or photo credit.</summary>
    public static bool SaysCaption(IElement element) => Words(element).Any(Captions.Contains);

    /// <summary>Lower-case words of the class and id attributes.</summary>
    public static IEnumerable<string> Words(IElement element)
    {
        foreach (var name in Names(element))
        {
            // CMS taxonomy classes ("category-social-issues", "tag-ads") name the article's
            // subject, not the element's role.
            if (name.StartsWith("category-", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("tag-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var word in Split(name))
            {
                yield return word;
            }
        }
    }

    private static IEnumerable<string> Names(IElement element)
    {
        var id = element.Id;
        if (!string.IsNullOrEmpty(id))
        {
            yield return id;
        }

        foreach (var name in element.ClassList)
        {
            yield return name;
        }
    }

    private static IEnumerable<string> Split(string name)
    {
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var letter = i < name.Length && char.IsLetter(name[i]);
            var camelHump = letter && start >= 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]);
            if (start >= 0 && (!letter || camelHump))
            {
                yield return name[start..i].ToLowerInvariant();
                start = -1;
            }

            if (letter && start < 0)
            {
                start = i;
            }
        }
    }
}
