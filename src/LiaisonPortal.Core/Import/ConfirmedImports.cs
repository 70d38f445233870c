using System.Threading.Channels;

namespace LiaisonPortal.Core.Import;

/// <summary>Confirmed import batches waiting for <see cref="ImportWorker"/>, one at a time, in confirmation order.</summary>
public sealed class ConfirmedImports
{
    private readonly Channel<Guid> _batches = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(Guid batchId)
    {
        if (!_batches.Writer.TryWrite(batchId))
        {
            throw new InvalidOperationException("The import queue is closed.");
        }
    }

    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken cancellationToken) => _batches.Reader.ReadAllAsync(cancellationToken);
}
