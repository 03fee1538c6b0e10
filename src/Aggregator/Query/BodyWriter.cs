using System.Buffers;

namespace Aggregator.Query;

/// <summary>
/// A streamed response written in 64 KB pieces: rows are appended to a buffer, which goes to the body
/// once it holds that much (a write per row cost more than the rows; one buffer for all of them would
/// hold the whole answer).
/// </summary>
internal sealed class BodyWriter(Stream body)
{
    private const int Piece = 1 << 16;

    public ArrayBufferWriter<byte> Buffer { get; } = new(2 * Piece);

    /// <summary>Sends the buffer once it holds a piece.</summary>
    public async ValueTask RowWrittenAsync()
    {
        if (Buffer.WrittenCount >= Piece)
        {
            await FlushAsync();
        }
    }

    /// <summary>Sends whatever the buffer holds.</summary>
    public async ValueTask FlushAsync()
    {
        await body.WriteAsync(Buffer.WrittenMemory);
        Buffer.Clear();
    }
}
