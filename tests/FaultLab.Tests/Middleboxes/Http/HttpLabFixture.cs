namespace FaultLab.Tests.Middleboxes.Http;

/// <summary>
/// Base of the test classes that drive the HTTP middlebox: one <see cref="HttpLab"/> (PKI and
/// origins) per class, and the middleboxes a test started stopped after it.
/// </summary>
public abstract class HttpLabFixture
{
    private HttpLab? _lab;

    internal HttpLab Lab => _lab ?? throw new InvalidOperationException("the lab starts in OneTimeSetUp");

    [OneTimeSetUp]
    public async Task StartLab() => _lab = await HttpLab.StartAsync();

    [TearDown]
    public async Task StopMiddleboxes() => await Lab.StopMiddleboxesAsync();

    [OneTimeTearDown]
    public async Task StopLab()
    {
        if (_lab is not null) await _lab.DisposeAsync();
    }
}
