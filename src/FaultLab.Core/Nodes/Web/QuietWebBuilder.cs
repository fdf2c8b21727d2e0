using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace FaultLab.Nodes.Web;

/// <summary>
/// The builder every in-process web server of a lab starts from: Kestrel's slim builder without
/// configuration reload (which would hold a file watcher, an inotify instance on Linux, per server;
/// a lab runs a dozen servers and a host many labs) and without logging providers of its own.
/// </summary>
public static class QuietWebBuilder
{
    public static WebApplicationBuilder Create()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        return builder;
    }
}
