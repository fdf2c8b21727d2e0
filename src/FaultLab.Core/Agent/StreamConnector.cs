namespace FaultLab.Agent;

/// <summary>Opens a byte stream to a lab host and port: directly through the laptop network or through the tunnel.</summary>
public delegate ValueTask<Stream> StreamConnector(string host, int port, CancellationToken cancellationToken);
