using Aggregator.Bench.Publish;

// generate <db> [items]: a store of sources and items written in one transaction (ingest's SQL
//   is bypassed: this measures reading, not ingest), ~4% of them second copies of a story.
// render <db> [channels.json|-] [runs]: times listing + writing 100 items per channel and format, uncached.
// The HTTP side (fresh and 304 responses/s) is measured with wrk against the real service: load.sh.
if (args.Length < 2 || args[0] is not ("generate" or "render"))
{
    Console.Error.WriteLine("usage: Aggregator.Bench.Publish generate <db> [items] | render <db> [channels.json|-] [runs]");
    return 2;
}

if (args[0] == "generate")
{
    await Store.GenerateAsync(args[1], args.Length > 2 ? int.Parse(args[2]) : 1_000_000);
}
else
{
    await Render.RunAsync(args[1], args.Length > 2 && args[2] != "-" ? args[2] : null, args.Length > 3 ? int.Parse(args[3]) : 30);
}

return 0;
