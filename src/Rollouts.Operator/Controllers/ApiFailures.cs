using Rollouts.Kubernetes.Client;
using Rollouts.Operator.Controllers.Rollouts;

namespace Rollouts.Operator.Controllers;

/// <summary>
/// How a reconcile turns a failed request into its outcome: a conflict (a write based on a stale read) is retried
/// at once from the cache, any other failure of the API (an error answer, no answer, a timeout) with backoff.
/// Anything else, cancellation included, is thrown.
/// </summary>
internal static class ApiFailures
{
    public static async Task<ReconcileOutcome> OutcomeAsync(Func<Task<ReconcileOutcome>> sync, Action<ConflictException> conflict, Action<Exception> failed)
    {
        try
        {
            return await sync().ConfigureAwait(false);
        }
        catch (ConflictException e)
        {
            conflict(e);
            return ReconcileOutcome.RetryNow;
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException)
        {
            failed(e);
            return ReconcileOutcome.RetryWithBackoff;
        }
    }
}
