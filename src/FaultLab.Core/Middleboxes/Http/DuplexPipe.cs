using System.IO.Pipelines;

namespace FaultLab.Middleboxes.Http;

/// <summary>The two halves of a handed-over connection.</summary>
internal sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
