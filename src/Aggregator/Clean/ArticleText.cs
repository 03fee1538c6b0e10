using System.Text;
using AngleSharp.Dom;

namespace Aggregator.Clean;

/// <summary>
/// Plain text of cleaned markup: one blank line between blocks, whitespace collapsed inside a
/// block, so that adjacent blocks are never glued together ("appearanceCzech").
/// </summary>
internal static class ArticleText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "address",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
        "pre", "table", "thead", "tbody", "tfoot", "tr", "caption", "figure", "figcaption", "hr",
        "details", "summary", "center", "form", "fieldset",
    };

    /// <summary>Returns the text of <paramref name="root"/> and everything inside it.</summary>
    public static string From(INode root)
    {
        var writer = new Writer();
        writer.Visit(root);
        writer.EndBlock();
        return string.Join("\n\n", writer.Paragraphs);
    }

    /// <summary>True for elements that start a new block of text.</summary>
    public static bool IsBlock(IElement element) => Blocks.Contains(element.LocalName);

    private sealed class Writer
    {
        private readonly StringBuilder line = new();

        public List<string> Paragraphs { get; } = [];

        public void Visit(INode node)
        {
            switch (node)
            {
                case IText text:
                    Append(text.Data);
                    break;
                case IElement { LocalName: "br" }:
                    BreakLine();
                    break;
                case IElement { LocalName: "pre" } pre:
                    EndBlock();
                    AddCode(pre.TextContent);
                    break;
                case IElement { LocalName: "td" or "th" }:
                    Append(" ");
                    VisitChildren(node);
                    Append(" ");
                    break;
                case IElement element when IsBlock(element):
                    EndBlock();
                    VisitChildren(node);
                    EndBlock();
                    break;
                default:
                    VisitChildren(node);
                    break;
            }
        }

        public void EndBlock()
        {
            AddParagraph(line.ToString());
            line.Clear();
        }

        private void VisitChildren(INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                Visit(child);
            }
        }

        private void Append(string data)
        {
            foreach (var c in data)
            {
                var white = char.IsWhiteSpace(c) || c == '\u00a0';
                if (!white)
                {
                    line.Append(c);
                }
                else if (line.Length > 0 && line[^1] != ' ' && line[^1] != '\n')
                {
                    line.Append(' ');
                }
            }
        }

        private void BreakLine()
        {
            TrimEndSpace();
            if (line.Length > 0 && line[^1] != '\n')
            {
                line.Append('\n');
            }
        }

        private void TrimEndSpace()
        {
            while (line.Length > 0 && line[^1] == ' ')
            {
                line.Length--;
            }
        }

        // Code keeps its indentation and line breaks.
        private void AddCode(string code)
        {
            if (!string.IsNullOrWhiteSpace(code))
            {
                Paragraphs.Add(code.Trim('\n', '\r').TrimEnd());
            }
        }

        private void AddParagraph(string text)
        {
            var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
            var paragraph = string.Join('\n', lines);
            if (paragraph.Length > 0)
            {
                Paragraphs.Add(paragraph);
            }
        }
    }
}
