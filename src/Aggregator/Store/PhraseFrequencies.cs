using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// The FTS5 auxiliary function <c>phrase_frequencies(items_fts, title weight, text weight)</c>: for the
/// current match, how often each phrase of the expression occurs in it (each column's hits times its
/// weight), its length in tokens, and the index's row and token counts; what bm25 reads, less the
/// document counts. FTS5's own bm25 counts the documents of every phrase over the whole index before it
/// scores the first row (no rowid bound, no cache), 45–70 ms of CPU for a prefix written as its 157 terms
/// at a million items; <see cref="PrefixRelevance"/> scores a prefix as one phrase instead, which needs
/// no such count. SQLitePCLRaw exposes no FTS5 API, so the function is registered through the C API of
/// the same <c>e_sqlite3</c> library that Microsoft.Data.Sqlite loads.
/// </summary>
internal static unsafe class PhraseFrequencies
{
    public const string Name = "phrase_frequencies";

    /// <summary>The most phrases the function counts (its counts live on the stack); a longer expression is scored by bm25.</summary>
    public const int MaxPhrases = 4096;

    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_TRANSIENT: SQLite copies the result before the function returns.</summary>
    private static readonly IntPtr Transient = new(-1);

    /// <summary>Registers the function on the connection's native handle (once per handle: it lives as long as the handle).</summary>
    public static void Register(SqliteConnection connection)
    {
        var db = connection.Handle!.DangerousGetHandle();
        var api = FindApi(db);
        if (api is null || api->Version < 2)
        {
            throw new InvalidOperationException("SQLite was built without FTS5.");
        }

        fixed (byte* name = "phrase_frequencies\0"u8)
        {
            var rc = api->CreateFunction(api, name, null, &Compute, null);
            if (rc != 0)
            {
                throw new InvalidOperationException($"FTS5 refused the function {Name} (error {rc}).");
            }
        }
    }

    /// <summary>The FTS5 API of the connection, as SQLite's documentation fetches it: <c>SELECT fts5(?1)</c> with a pointer bound.</summary>
    private static Fts5Api* FindApi(IntPtr db)
    {
        Fts5Api* api = null;
        IntPtr statement;
        fixed (byte* sql = "SELECT fts5(?1)\0"u8)
        {
            if (sqlite3_prepare_v2(db, sql, -1, &statement, null) != 0)
            {
                return null;
            }
        }

        try
        {
            fixed (byte* type = "fts5_api_ptr\0"u8)
            {
                if (sqlite3_bind_pointer(statement, 1, &api, type, IntPtr.Zero) == 0)
                {
                    // The pointer is set when the statement runs; a failure leaves it null.
                    _ = sqlite3_step(statement);
                }
            }
        }
        finally
        {
            _ = sqlite3_finalize(statement);
        }

        return api;
    }

    /// <summary>
    /// Called by FTS5 for each row. The result is a blob, little-endian: the index's rows (int64) and
    /// tokens (int64), the row's tokens (int32), then (phrase, frequency) pairs (int32, float64) for
    /// the phrases the row holds (a phrase whose hits all weigh 0 is left out). Never throws: an
    /// exception here would end the process.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Compute(Fts5ExtensionApi* api, IntPtr fts, IntPtr context, int count, IntPtr* values)
    {
        int phrases = api->PhraseCount(fts), instances = 0, tokens = 0;
        long rows = 0, allTokens = 0;
        var rc = api->RowCount(fts, &rows);
        rc = rc != 0 ? rc : api->ColumnTotalSize(fts, -1, &allTokens);
        rc = rc != 0 ? rc : api->ColumnSize(fts, -1, &tokens);
        rc = rc != 0 ? rc : api->InstCount(fts, &instances);
        if (rc != 0 || phrases > MaxPhrases)
        {
            sqlite3_result_error_code(context, rc != 0 ? rc : 1);
            return;
        }

        var frequencies = stackalloc double[phrases];
        for (var i = 0; i < phrases; i++)
        {
            frequencies[i] = 0;
        }

        for (var i = 0; i < instances; i++)
        {
            int phrase, column, offset;
            rc = api->Inst(fts, i, &phrase, &column, &offset);
            if (rc != 0)
            {
                sqlite3_result_error_code(context, rc);
                return;
            }

            if ((uint)phrase < (uint)phrases)
            {
                frequencies[phrase] += column < count ? sqlite3_value_double(values[column]) : 1.0;
            }
        }

        var size = 20 + (phrases * 12);
        var blob = stackalloc byte[size];
        var output = new Span<byte>(blob, size);
        BinaryPrimitives.WriteInt64LittleEndian(output, rows);
        BinaryPrimitives.WriteInt64LittleEndian(output[8..], allTokens);
        BinaryPrimitives.WriteInt32LittleEndian(output[16..], tokens);
        var at = 20;
        for (var i = 0; i < phrases; i++)
        {
            if (frequencies[i] != 0)
            {
                BinaryPrimitives.WriteInt32LittleEndian(output[at..], i);
                BinaryPrimitives.WriteDoubleLittleEndian(output[(at + 4)..], frequencies[i]);
                at += 12;
            }
        }

        sqlite3_result_blob(context, blob, at, Transient);
    }

    /// <summary>The start of <c>fts5_api</c> (sqlite3.h): the version, two tokenizer functions, then xCreateFunction.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5Api
    {
        public int Version;
        public IntPtr CreateTokenizer;
        public IntPtr FindTokenizer;
        public delegate* unmanaged[Cdecl]<Fts5Api*, byte*, void*, delegate* unmanaged[Cdecl]<Fts5ExtensionApi*, IntPtr, IntPtr, int, IntPtr*, void>, void*, int> CreateFunction;
    }

    /// <summary>The start of <c>Fts5ExtensionApi</c> (sqlite3.h), in its order, up to xColumnSize.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5ExtensionApi
    {
        public int Version;
        public IntPtr UserData;
        public IntPtr ColumnCount;
        public delegate* unmanaged[Cdecl]<IntPtr, long*, int> RowCount;
        public delegate* unmanaged[Cdecl]<IntPtr, int, long*, int> ColumnTotalSize;
        public IntPtr Tokenize;
        public delegate* unmanaged[Cdecl]<IntPtr, int> PhraseCount;
        public IntPtr PhraseSize;
        public delegate* unmanaged[Cdecl]<IntPtr, int*, int> InstCount;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int*, int*, int*, int> Inst;
        public IntPtr Rowid;
        public IntPtr ColumnText;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int*, int> ColumnSize;
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_prepare_v2(IntPtr db, byte* sql, int bytes, IntPtr* statement, byte** tail);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_bind_pointer(IntPtr statement, int index, void* pointer, byte* type, IntPtr destructor);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_step(IntPtr statement);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_finalize(IntPtr statement);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern double sqlite3_value_double(IntPtr value);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void sqlite3_result_blob(IntPtr context, void* blob, int bytes, IntPtr destructor);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void sqlite3_result_error_code(IntPtr context, int code);
}
