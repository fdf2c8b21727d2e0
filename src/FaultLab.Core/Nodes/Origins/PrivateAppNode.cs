namespace FaultLab.Nodes.Origins;

/// <summary>
/// The corporate HR app (hr.corp.lab), HTTPS only with a public-origin certificate. It is reachable
/// only through private access; the node itself serves anyone who gets to it.
/// </summary>
public sealed class PrivateAppNode : ILabNode
{
    public const string PageTitle = "FaultLab HR Portal";

    private readonly PrivateAppOptions _options;
    private readonly WebOriginNode _site;

    public PrivateAppNode(PrivateAppOptions? options = null)
    {
        _options = options ?? new PrivateAppOptions();
        _options.Validate();
        _site = new WebOriginNode(new WebOriginOptions
        {
            Host = _options.Host,
            Name = _options.Name,
            Title = PageTitle,
            Body = "Payslips, leave requests and the staff directory. Internal application.",
            ServeHttp = false,
        });
    }

    public string Name => _options.Name;
    public string Role => "private-app";
    public IReadOnlyList<NodeEndpoint> Endpoints => _site.Endpoints;

    public Task StartAsync(NodeContext context, CancellationToken cancellationToken) => _site.StartAsync(context, cancellationToken);

    public ValueTask DisposeAsync() => _site.DisposeAsync();
}
