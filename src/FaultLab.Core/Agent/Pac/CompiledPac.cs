using Acornima.Ast;
using Jint;

namespace FaultLab.Agent.Pac;

/// <summary>A PAC text parsed once: the prepared script, or why it does not parse.</summary>
internal sealed record CompiledPac(Prepared<Script>? Script, string? SyntaxError);
